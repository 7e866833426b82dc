// Tailwind scans the shell and the scripts for class names; only those end up in app.css.
module.exports = {
  content: [__dirname + '/src/index.html', __dirname + '/src/screens/*.html', __dirname + '/src/**/*.js'],
  theme: { extend: {} },
  plugins: [],
};
