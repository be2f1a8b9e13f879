// Suggestions as people type in /sok/'s search field: the WAI-ARIA combobox pattern with a
// listbox popup (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Without this script the
// field is a plain search field, and the form works as before.
(function () {
  "use strict";

  var form = document.querySelector("form[data-suggest-url]");
  if (!form || !window.fetch) {
    return;
  }
  var input = form.querySelector("input[name=q]");
  var list = document.createElement("ul");
  var status = document.createElement("div");
  var options = [];
  var active = -1;
  var timer = null;
  var controller = null;
  var lastQuery = "";

  list.id = "search-suggestions";
  list.className = "suggestions-popup";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", form.dataset.suggestionsLabel);
  list.hidden = true;
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  input.parentNode.appendChild(list);
  form.appendChild(status);

  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    options.forEach(function (option, position) {
      option.setAttribute("aria-selected", position === index ? "true" : "false");
    });
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", options[index].id);
      options[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function choose(option) {
    input.value = option.dataset.value;
    close();
    form.submit();
  }

  function render(items) {
    list.textContent = "";
    options = items.map(function (item, position) {
      var option = document.createElement("li");
      option.id = "search-suggestion-" + position;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.dataset.value = item.text;
      option.textContent = item.text;
      option.addEventListener("mousedown", function (event) {
        // Keeps the focus in the field, so that it does not close the list first.
        event.preventDefault();
      });
      option.addEventListener("click", function () {
        choose(option);
      });
      list.appendChild(option);
      return option;
    });
    active = -1;
    if (options.length) {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = form.dataset.suggestionsStatus.replace("{count}", options.length);
    } else {
      close();
      status.textContent = "";
    }
  }

  function load() {
    var query = input.value.trim();
    if (query === lastQuery) {
      return;
    }
    lastQuery = query;
    if (controller) {
      controller.abort();
    }
    if (query.length < 2) {
      render([]);
      return;
    }
    controller = new AbortController();
    fetch(form.dataset.suggestUrl + "?q=" + encodeURIComponent(query), {
      signal: controller.signal,
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : { items: [] };
      })
      .then(function (data) {
        if (input.value.trim() === query) {
          render(data.items);
        }
      })
      .catch(function () {
        // A request cancelled by the next keystroke, or no connection: no suggestions.
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(load, 120);
  });

  input.addEventListener("keydown", function (event) {
    var open = !list.hidden && options.length > 0;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (!open && options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
      highlight(active + 1 < options.length ? active + 1 : 0);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight(active > 0 ? active - 1 : options.length - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      close();
    }
  });

  input.addEventListener("blur", close);
})();
