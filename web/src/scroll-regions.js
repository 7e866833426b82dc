// A box that scrolls (a wide table on a phone, a long one in a box of fixed height) must be
// reachable with the keyboard, or its hidden part cannot be scrolled into view without a mouse
// (WCAG 2.1.1; axe's scrollable-region-focusable). Whether a box scrolls depends on the width
// and on the data, so this is decided as the page changes: a box that overflows becomes a tab
// stop (tabindex 0) named after its heading or caption, and stops being one when it no longer
// overflows, so a desktop does not tab through boxes that show everything.
const SCROLLING = '.overflow-auto, .overflow-x-auto, .overflow-y-auto';
const MARK = 'data-scroll-region';

function nameOf(box) {
  const heading = box.querySelector('h1, h2, h3, h4, caption, figcaption, legend');
  const text = heading ? heading.textContent.replace(/\s+/g, ' ').trim() : '';
  return text ? `${text} (scrolls)` : 'Scrolling table';
}

function update() {
  for (const box of document.querySelectorAll(SCROLLING)) {
    const overflows = box.offsetParent !== null
      && (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1);
    const marked = box.hasAttribute(MARK);
    if (overflows) {
      if (!marked && box.hasAttribute('tabindex')) continue; // focusable by its own markup
      box.setAttribute(MARK, '');
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      // A box named by its markup (aria-labelledby) keeps that name.
      if (!box.hasAttribute('aria-labelledby')) box.setAttribute('aria-label', nameOf(box));
    } else if (marked) {
      for (const a of [MARK, 'tabindex', 'role', 'aria-label']) box.removeAttribute(a);
    }
  }
}

export function watchScrollRegions() {
  let pending = false;
  const schedule = () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; update(); });
  };
  // Only changes of content, class and style can change what overflows; the attributes set
  // here are none of those, so updating does not schedule itself again.
  new MutationObserver(schedule).observe(document.body, {
    childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class', 'style'] });
  window.addEventListener('resize', schedule);
  schedule();
}
