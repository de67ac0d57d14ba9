// The review desk's few keys: zoom the page (Alt+= / Alt+- / Alt+0) and keep the outlined place in view.
(function () {
  var zoom = 1;
  function apply() {
    var page = document.getElementById("page");
    if (!page) return;
    page.style.width = (100 * zoom) + "%";
    var box = document.getElementById("outline");
    if (box) box.scrollIntoView({block: "center", inline: "center"});
  }
  function step(d) { zoom = d === 0 ? 1 : Math.min(6, Math.max(1, zoom * (d > 0 ? 1.5 : 1 / 1.5))); apply(); }
  document.addEventListener("click", function (e) {
    var b = e.target.closest("[data-zoom]");
    if (b) { step(parseInt(b.getAttribute("data-zoom"), 10)); var a = document.getElementById("answer"); if (a) a.focus(); }
  });
  document.addEventListener("keydown", function (e) {
    if (!e.altKey) return;
    if (e.key === "=" || e.key === "+") { step(1); e.preventDefault(); }
    else if (e.key === "-") { step(-1); e.preventDefault(); }
    else if (e.key === "0") { step(0); e.preventDefault(); }
  });
  function place() {   // the field's place, in percent of the page (set here: the desk's CSP allows no inline style)
    var box = document.getElementById("outline");
    if (!box) return;
    ["left", "top", "width", "height"].forEach(function (k) { box.style[k] = box.getAttribute("data-" + k) + "%"; });
  }
  window.addEventListener("load", function () {
    place();
    if (document.getElementById("outline")) { zoom = 2; }
    apply();
  });
})();
