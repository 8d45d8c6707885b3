/* Scanning a registration's QR code with the tablet's camera. The camera is asked for only
 * when « Scanner un code QR » is pressed, and released as soon as a code is read or the
 * button is pressed again. Decoding is jsQR's, served by the application itself. */
(function () {
  "use strict";

  const zone = document.querySelector("#pointage .scan");
  if (!zone || !window.jsQR || !window.pointage || !navigator.mediaDevices) return;

  const button = document.getElementById("scanner");
  const video = document.getElementById("scan-video");
  const out = document.getElementById("scan-resultat");
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let stream = null;

  zone.hidden = false;

  function arreter() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    button.textContent = "Scanner un code QR";
  }

  function lire() {
    if (!stream) return;
    if (video.readyState >= video.HAVE_ENOUGH_DATA && video.videoWidth) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (code && code.data) {
        arreter();
        window.pointage.scanne(code.data);
        return;
      }
    }
    requestAnimationFrame(lire);
  }

  button.addEventListener("click", function () {
    if (stream) return arreter();
    out.textContent = "Présentez le code QR devant la caméra.";
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (camera) {
        stream = camera;
        video.srcObject = camera;
        video.hidden = false;
        button.textContent = "Arrêter la caméra";
        return video.play();
      })
      .then(lire)
      .catch(function () {
        arreter();
        out.textContent = "La caméra n'est pas disponible (refusée ou absente) : recherchez la personne par son nom.";
      });
  });
})();
