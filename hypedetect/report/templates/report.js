// Legend buttons switch the highlighting of one category on and off; links open folded stories.
// A switched-off category puts hide-<category> on <html>, so its CSS rules stop painting it in every
// mark, whatever other categories share that mark. The page works without this script: the
// categories that start switched off simply stay off.
(function () {
  "use strict";
  var root = document.documentElement;
  var buttons = document.querySelectorAll("button.legend-item[data-cat]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener("click", function (event) {
      var button = event.currentTarget;
      var hide = button.getAttribute("aria-pressed") !== "false";
      root.classList.toggle("hide-" + button.getAttribute("data-cat"), hide);
      button.setAttribute("aria-pressed", hide ? "false" : "true");
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
  root.classList.add("js");
})();
