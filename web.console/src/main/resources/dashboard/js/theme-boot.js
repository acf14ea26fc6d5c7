// Loaded as a classic script in <head>, before the page is drawn: sets the chosen theme at once, so
// a person in the red night mode never sees a flash of the day theme while the modules load.
// (An inline script would be simpler, but the page's Content-Security-Policy forbids it.)
try {
  const theme = localStorage.getItem("orrery.theme");
  if (theme === "day" || theme === "dark" || theme === "red") document.documentElement.dataset.theme = theme;
} catch (e) { /* no storage: the day theme */ }
