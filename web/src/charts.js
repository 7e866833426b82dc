// Chart.js with only the pieces the screens draw (tree-shaken by esbuild). Chart objects live
// here, outside Alpine's reactive state: Chart.js does not work through Alpine's proxies.
import {
  Chart, LineController, BarController, DoughnutController, LineElement, BarElement, PointElement,
  ArcElement, CategoryScale, LinearScale, Tooltip, Legend, Filler,
} from 'chart.js';

Chart.register(LineController, BarController, DoughnutController, LineElement, BarElement,
  PointElement, ArcElement, CategoryScale, LinearScale, Tooltip, Legend, Filler);
Chart.defaults.font.family = 'system-ui, sans-serif';
Chart.defaults.color = '#334155';
Chart.defaults.animation = false;

export const COLORS = ['#1d4ed8', '#b91c1c', '#047857', '#a16207', '#7e22ce', '#0e7490'];
const charts = new Map();

// Draws (or redraws) the chart on the canvas with this id; nothing when the canvas is absent.
export function draw(id, config) {
  const canvas = document.getElementById(id);
  if (!canvas) return;
  const old = charts.get(id);
  if (old) old.destroy();
  config.options = { responsive: true, maintainAspectRatio: false, ...config.options };
  charts.set(id, new Chart(canvas, config));
}
