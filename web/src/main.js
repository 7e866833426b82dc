// The dashboard: one Alpine component (the CSP build: no eval, so templates call methods and
// assign only top-level properties) assembled from the shell and one part per screen.
import Alpine from '@alpinejs/csp';
import { shell } from './shell.js';
import { overview } from './overview.js';
import { campaigns } from './campaigns.js';
import { strategy } from './strategy.js';
import { strategyDetail } from './strategy-detail.js';
import { budget } from './budget.js';
import { budgetPlan } from './budget-plan.js';
import { optimization } from './optimization.js';
import { recommendationDetail } from './recommendation-detail.js';
import { experiments } from './experiments.js';
import { experimentTools } from './experiment-tools.js';
import { rules } from './rules.js';
import { notifications } from './notifications.js';
import { watchScrollRegions } from './scroll-regions.js';
import { keyboard, installKeyboard } from './keyboard.js';

Alpine.data('app', () => ({
  ...shell(), ...overview(), ...campaigns(), ...strategy(), ...strategyDetail(), ...budget(), ...budgetPlan(), ...optimization(), ...recommendationDetail(), ...experiments(), ...experimentTools(), ...rules(), ...notifications(), ...keyboard(),
}));
window.Alpine = Alpine;
Alpine.start();
watchScrollRegions();
installKeyboard();

if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register('/sw.js').catch(() => {});
}
