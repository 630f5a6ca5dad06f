// Progressive enhancement of the unit picker (src/web/unit-picker.tsx): list matches as you type, from the page's
// own server-rendered view, so the words, the folding of diacritics and the "nothing found" message stay the
// server's, and nothing typed elsewhere in the form is lost. Without this script the form's round trip does it.
(() => {
  for (const picker of document.querySelectorAll("fieldset[data-unit-picker]")) {
    const search = picker.querySelector(`input[name="${picker.dataset.searchName}"]`);
    const select = picker.querySelector("select");
    const result = picker.querySelector(".picker-result");
    const find = picker.querySelector('button[name="find"]');
    if (!search || !select || !result) continue;
    let timer = 0;
    let asked = "";
    const refresh = async () => {
      const query = search.value.trim();
      if (query === asked) return;
      asked = query;
      const url = new URL(picker.dataset.unitPicker, location.href);
      url.searchParams.set(picker.dataset.searchName, query);
      const response = await fetch(url, { headers: { accept: "text/html" }, credentials: "same-origin" });
      if (!response.ok || query !== search.value.trim()) return;
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = page.getElementById(select.id);
      if (!fresh) return;
      const kept = select.value;
      select.innerHTML = fresh.innerHTML;
      if (kept && [...select.options].some((option) => option.value === kept && option.value !== "")) select.value = kept;
      result.textContent = page.getElementById(result.id)?.textContent ?? "";
    };
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
    search.addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      refresh();
    });
    find?.addEventListener("click", (event) => {
      event.preventDefault();
      refresh();
    });
  }
  // In a form whose first button is a picker's "Tìm", Enter in another field should press the form's own button.
  for (const form of document.querySelectorAll("form")) {
    const main = form.querySelector("button[data-main]");
    if (!main || !form.querySelector('button[name="find"]')) continue;
    form.addEventListener("keydown", (event) => {
      const field = event.target;
      if (event.key !== "Enter" || field.tagName !== "INPUT" || field.type === "search") return;
      event.preventDefault();
      form.requestSubmit(main);
    });
  }
})();
