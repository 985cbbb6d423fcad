// Union Desk admin console: small progressive enhancements only; every page works without it.
(() => {
  // Confirm destructive actions (cancel an event, send a broadcast).
  for (const form of document.querySelectorAll('form[data-confirm]')) {
    form.addEventListener('submit', (e) => {
      if (!window.confirm(form.getAttribute('data-confirm') || '')) e.preventDefault();
    });
  }
  // Knowledge upload: read the chosen text file into the form (no multipart needed).
  const file = document.querySelector('input[type=file][data-into]');
  if (file) {
    file.addEventListener('change', () => {
      const f = file.files?.[0];
      if (!f) return;
      const target = document.getElementById(file.getAttribute('data-into'));
      const name = document.getElementById(file.getAttribute('data-name'));
      f.text().then((text) => {
        if (target) target.value = text;
        if (name && !name.value) name.value = f.name.replace(/\.[^.]+$/, '');
      });
    });
  }
  // Character counter for the broadcast text.
  for (const ta of document.querySelectorAll('textarea[data-count]')) {
    const out = document.getElementById(ta.getAttribute('data-count'));
    const update = () => {
      if (out) out.textContent = String(ta.value.length);
    };
    ta.addEventListener('input', update);
    update();
  }
})();
