// Keyboard behaviour the markup alone does not give: the skip link, focus after a route change
// from the menu, the sign-in tabs' arrow keys, Escape for the phone menu, and helpers that move
// focus into a confirmation when it opens and back to what opened it when it closes.

// Focuses the first visible element matching `selector` (a screen's markup is in the page
// twice for the recommendation card: on Optimization and on a campaign's page).
export function focusFirst(selector) {
  const el = [...document.querySelectorAll(selector)].find((e) => e.offsetParent !== null);
  if (el) el.focus();
  return Boolean(el);
}

// The content of the page, which every screen's markup sits in (tabindex -1: focusable by script only).
export function focusMain() {
  const main = document.getElementById('main');
  if (main) main.focus();
}

// The Alpine part: methods the shell's markup calls.
export function keyboard() {
  return {
    // The ARIA tabs pattern: arrow keys (and Home / End) move between the sign-in tabs.
    signinTabKey(event) {
      if (!['ArrowRight', 'ArrowLeft', 'Home', 'End'].includes(event.key)) return;
      event.preventDefault();
      if (event.key === 'Home') this.usePassword();
      else if (event.key === 'End') this.useKey();
      else if (this.isKeyMode()) this.usePassword();
      else this.useKey();
      this.$nextTick(() => focusFirst('[role="tab"][aria-selected="true"]'));
    },
    // Escape folds the phone menu and gives focus back to its button.
    closeMenu() {
      if (!this.menuOpen) return;
      this.menuOpen = false;
      this.$nextTick(() => focusFirst('[aria-controls="nav"]'));
    },
  };
}

export function installKeyboard() {
  // The skip link's #main would be read as a route (and lead to the overview): focus instead.
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href="#main"]');
    if (!link) return;
    event.preventDefault();
    focusMain();
  });
  // A screen chosen in the menu: focus moves to the new screen's content, so the next Tab
  // reads it (on a phone the menu folds and the link that had focus is hidden).
  window.addEventListener('hashchange', () => {
    const from = document.activeElement;
    if (from && from.closest('#nav')) requestAnimationFrame(() => focusMain());
  });
}
