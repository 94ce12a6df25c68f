// The customer's signature drawn on the visit form: the canvas fills the
// hidden input with a PNG data URL. Without JavaScript the box stays hidden
// and the typed "signed by" name is enough.
(function () {
  "use strict";

  function setUp(box) {
    var input = document.getElementById(box.dataset.signatureFor);
    var canvas = box.querySelector("canvas");
    if (!input || !canvas || !canvas.getContext) return;
    var pen = canvas.getContext("2d");
    var drawing = false;
    var drawn = false;
    box.hidden = false;
    pen.lineWidth = 3;
    pen.lineCap = "round";
    pen.lineJoin = "round";
    pen.strokeStyle = "#111";

    if (input.value) {
      // A form sent back with an error: show the signature kept.
      var picture = new Image();
      picture.onload = function () { pen.drawImage(picture, 0, 0); drawn = true; };
      picture.src = input.value;
    }

    function at(event) {
      var frame = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - frame.left) * (canvas.width / frame.width),
        y: (event.clientY - frame.top) * (canvas.height / frame.height),
      };
    }
    function save() {
      if (drawn) input.value = canvas.toDataURL("image/png");
    }
    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      var p = at(event);
      pen.beginPath();
      pen.moveTo(p.x, p.y);
      pen.lineTo(p.x + 0.1, p.y + 0.1);
      pen.stroke();
      drawn = true;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var p = at(event);
      pen.lineTo(p.x, p.y);
      pen.stroke();
    });
    function stop() {
      if (!drawing) return;
      drawing = false;
      save();
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    canvas.addEventListener("pointerleave", stop);
    box.querySelector("[data-signature-clear]").addEventListener("click", function () {
      pen.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      input.value = "";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-signature-for]").forEach(setUp);
  });
})();
