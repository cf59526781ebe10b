// The approval screen's keys: j/k move between drafts, a approves the one in focus, r puts the cursor in its
// reason (Enter rejects), ? shows the keys. Keys typed into a field are the field's.
document.addEventListener('DOMContentLoaded', () => {
  const drafts = Array.from(document.querySelectorAll('.draft'));
  if (drafts.length > 0) {
    drafts[0].focus();
  }
  const current = () => document.activeElement.closest('.draft') || drafts[0];
  const move = (step) => {
    const at = drafts.indexOf(current());
    const next = drafts[Math.min(drafts.length - 1, Math.max(0, at + step))];
    if (next) {
      next.focus();
    }
  };
  document.addEventListener('keydown', (event) => {
    if (event.target.matches('input, textarea') || event.ctrlKey || event.metaKey || event.altKey) {
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
    } else if (event.key === '?') {
      document.getElementById('help').showModal();
    } else {
      return;
    }
    event.preventDefault();
  });
});
