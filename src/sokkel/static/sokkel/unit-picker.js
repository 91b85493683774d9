// Unit search fields (templates/includes/unit_search.html) become comboboxes, the ARIA 1.2
// pattern with list autocomplete: typing asks the server for matching units (htmx), Up and
// Down move through them, Enter takes one, Escape closes the list. In the unit picker of the
// story form (unit_picker.html) a unit taken becomes a ticked chip and the field empties for
// the next; in the list's filter the unit's label fills the field. Without this script the
// fields are plain text fields that the server reads.
(function () {
  "use strict";
  var DELAY_MS = 200;

  function enhance(root) {
    var input = root.querySelector("[data-unit-input]");
    var listbox = root.querySelector("[role=listbox]");
    var status = root.querySelector("[data-unit-status]");
    var picker = root.closest("[data-unit-picker]");
    var chosen = picker && picker.querySelector("[data-unit-chosen]");
    var active = -1;
    var timer = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    function options() {
      return Array.prototype.slice.call(listbox.querySelectorAll("[role=option]"));
    }

    function say(text) {
      status.textContent = text;
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!options().length) return;
      listbox.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function ask() {
      var text = input.value.trim();
      if (!text) {
        listbox.replaceChildren();
        close();
        return;
      }
      // htmx sends one request at a time and then the latest; each answer is swapped in.
      htmx.ajax("GET", root.dataset.unitSearch, {
        source: listbox,
        target: listbox,
        swap: "innerHTML",
        values: { q: text },
      });
    }

    listbox.addEventListener("htmx:afterSwap", function () {
      var all = options();
      all.forEach(function (option, i) {
        option.id = listbox.id + "_" + i;
      });
      close();
      if (!input.value.trim() || document.activeElement !== input) return;
      open();
      say(all.length ? root.dataset.statusSome.replace("{n}", all.length) : root.dataset.statusNone);
    });

    function take(option) {
      var label = option.textContent.trim();
      close();
      if (!chosen) {
        input.value = label;
        return;
      }
      var box = chosen.querySelector('input[value="' + option.dataset.value + '"]');
      if (!box) {
        var chip = picker.querySelector("template[data-unit-chip]").content.firstElementChild.cloneNode(true);
        box = chip.querySelector("input");
        box.value = option.dataset.value;
        chip.querySelector("span").textContent = label;
        chosen.append(chip);
      }
      box.checked = true;
      input.value = "";
      listbox.replaceChildren();
      say(root.dataset.statusAdded.replace("{unit}", label));
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var expanded = input.getAttribute("aria-expanded") === "true";
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!expanded) {
          open();
          if (!options().length) ask();
        }
        highlight(event.key === "ArrowDown" ? active + 1 : active < 0 ? -1 : active - 1);
      } else if (event.key === "Enter" && expanded) {
        event.preventDefault(); // take the unit, do not send the form yet
        if (active >= 0) take(options()[active]);
        else close();
      } else if (event.key === "Escape") {
        if (expanded) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          listbox.replaceChildren();
        }
      }
    });

    input.addEventListener("blur", close);
    // Keep the focus in the field while an option is clicked.
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) take(option);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-unit-search]").forEach(enhance);
  });
})();
