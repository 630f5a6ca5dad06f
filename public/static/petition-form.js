// Progressive enhancement of the petition form: filter the commune list as the resident types,
// matching names without diacritics ("an khe" finds "An Khê"). The form works without this script.
(() => {
  const fold = (text) =>
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase()
      .trim();
  const search = document.querySelector("input[data-filters]");
  const select = search && document.getElementById(search.dataset.filters);
  if (!select) return;
  const options = Array.from(select.options).slice(1);
  search.addEventListener("input", () => {
    const query = fold(search.value);
    let visible = 0;
    let last = null;
    for (const option of options) {
      const match = !query || fold(option.textContent).includes(query);
      option.hidden = !match;
      if (match) {
        visible += 1;
        last = option;
      }
    }
    if (visible === 1 && last) select.value = last.value;
  });
})();
