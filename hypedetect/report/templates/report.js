// Legend buttons switch the highlighting of one category on and off; links open folded stories.
// The page works without this script: quiet categories simply stay switched off.
(function () {
  "use strict";
  var hidden = Object.create(null);  // category -> switched off; no inherited keys
  function refresh() {
    var marks = document.querySelectorAll("mark[data-cats]");
    for (var i = 0; i < marks.length; i++) {
      var cats = marks[i].getAttribute("data-cats").split(" ");
      var allHidden = cats.every(function (cat) { return hidden[cat]; });
      marks[i].classList.toggle("muted", allHidden);
    }
  }
  var buttons = document.querySelectorAll("button.legend-item[data-cat]");
  for (var i = 0; i < buttons.length; i++) {
    hidden[buttons[i].getAttribute("data-cat")] = buttons[i].getAttribute("aria-pressed") === "false";
    buttons[i].addEventListener("click", function (event) {
      var button = event.currentTarget;
      var cat = button.getAttribute("data-cat");
      hidden[cat] = !hidden[cat];
      button.setAttribute("aria-pressed", hidden[cat] ? "false" : "true");
      refresh();
    });
  }
  // A link to a story folded away (long reports start with later stories closed) opens it.
  function openTarget() {
    var id;
    try {
      id = decodeURIComponent(window.location.hash.slice(1));
    } catch (error) {
      return;  // a malformed fragment names no story
    }
    var target = id ? document.getElementById(id) : null;
    if (target && target.tagName === "DETAILS") {
      target.open = true;
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  document.documentElement.classList.add("js");
})();
