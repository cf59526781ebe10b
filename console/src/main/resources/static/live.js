// A live reload never lands under a person's hands: while an editor is open or a field has the focus, the
// part reloaded because something changed is dropped (the next change, or a reload, brings it).
document.addEventListener('htmx:beforeSwap', (event) => {
  const editing = document.querySelector('details.editor[open], details.edit[open]');
  const typing = document.activeElement && document.activeElement.matches('input, textarea, select');
  if (editing || typing) {
    event.detail.shouldSwap = false;
  }
});
