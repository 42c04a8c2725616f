// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Buttons that change custody ask once more before they submit.
  document.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
  });
  // Rows forms: "add a row" clones the last row with its inputs emptied.
  document.querySelectorAll("[data-add-row]").forEach((button) => {
    button.addEventListener("click", () => {
      const form = button.closest("form");
      const total = form.querySelector('input[name$="TOTAL_FORMS"]');
      const rows = form.querySelectorAll("tbody tr");
      const last = rows[rows.length - 1];
      const index = Number(total.value);
      const copy = last.cloneNode(true);
      copy.querySelectorAll("input, select").forEach((field) => {
        field.name = field.name.replace(/-\d+-/, `-${index}-`);
        field.id = field.id.replace(/-\d+-/, `-${index}-`);
        if (field.type === "checkbox") field.checked = false;
        else if (field.tagName === "INPUT") field.value = "";
      });
      copy.querySelectorAll(".errorlist").forEach((node) => node.remove());
      last.after(copy);
      total.value = index + 1;
    });
  });
});
