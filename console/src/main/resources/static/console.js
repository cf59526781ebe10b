// The approval screen's keys: j/k move between drafts, a approves the one in focus, r puts the cursor in its
// reason (Enter rejects), e opens its editor, x ticks it and A approves the ticked, u cancels the send just
// approved while its undo window lasts, ? shows the keys.
// Keys typed into a field are the field's. The undo panel counts down to the moment the send leaves.
document.addEventListener('DOMContentLoaded', () => {
  const undo = document.querySelector('.undo');
  if (undo) {
    const until = Date.parse(undo.dataset.undoUntil);
    const tick = () => {
      const left = Math.ceil((until - Date.now()) / 1000);
      if (left > 0) {
        undo.querySelector('.left').textContent = 'in ' + left + ' s';
      } else {
        undo.querySelector('.left').textContent = 'now';
        undo.querySelector('.undo-cancel').remove();
        clearInterval(timer);
      }
    };
    const timer = setInterval(tick, 1000);
    tick();
  }
  // The list is live: new drafts come in (server-sent events) while the person works, so it is read anew
  // each time, and the draft in focus keeps it across a refresh.
  const list = () => Array.from(document.querySelectorAll('.draft'));
  if (list().length > 0) {
    list()[0].focus();
  }
  let focused = null;
  document.body.addEventListener('htmx:beforeSwap', () => {
    const draft = document.activeElement.closest('.draft');
    focused = draft ? draft.dataset.id : null;
  });
  document.body.addEventListener('htmx:afterSwap', () => {
    const again = focused && document.querySelector(`.draft[data-id="${focused}"]`);
    if (again) {
      again.focus();
    }
    const count = document.querySelector('h1 .count');
    if (count) {
      count.textContent = list().length;
    }
  });
  const current = () => document.activeElement.closest('.draft') || list()[0];
  const move = (step) => {
    const drafts = list();
    const at = drafts.indexOf(current());
    const next = drafts[Math.min(drafts.length - 1, Math.max(0, at + step))];
    if (next) {
      next.focus();
    }
  };
  document.addEventListener('keydown', (event) => {
    if (event.target.matches('input:not([type=checkbox]), textarea') || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const draft = current();
    if (event.key === 'j') {
      move(1);
    } else if (event.key === 'k') {
      move(-1);
    } else if (event.key === 'a' && draft) {
      draft.querySelector('form.approve').requestSubmit();
    } else if (event.key === 'r' && draft) {
      event.preventDefault();
      draft.querySelector('form.reject input[name=reason]').focus();
    } else if (event.key === 'e' && draft) {
      draft.querySelector('details.edit').open = true;
      draft.querySelector('details.edit input[name=subject]').focus();
    } else if (event.key === 'x' && draft) {
      const tick = draft.querySelector('input[name=ids]');
      tick.checked = !tick.checked;
    } else if (event.key === 'A' && document.getElementById('bulk')) {
      document.getElementById('bulk').requestSubmit();
    } else if (event.key === 'u' && document.querySelector('form.undo-cancel')) {
      document.querySelector('form.undo-cancel').requestSubmit();
    } else if (event.key === '?') {
      document.getElementById('help').showModal();
    } else {
      return;
    }
    event.preventDefault();
  });
});
