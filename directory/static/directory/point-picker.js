/* The admin's point picker (directory/admin/point_picker.html): a click on the map, or a drag
   of its marker, fills the entry's latitude and longitude; typed coordinates move the marker.
   The fields stay the truth: editors may always type them instead. */
(function () {
  "use strict";

  var picker = document.querySelector("[data-point-picker]");
  var latitude = document.getElementById("id_latitude");
  var longitude = document.getElementById("id_longitude");
  if (!picker || !latitude || !longitude || !window.L || !window.directoryMap) return;
  var data = picker.dataset;

  picker.hidden = false; // before the map: Leaflet measures its container
  var map = L.map(picker.querySelector("[data-point-picker-map]"), { zoomControl: false });
  var icon = directoryMap.setUp(map, data);
  var NAMUR = directoryMap.NAMUR; // when the entry has no point yet
  var marker = L.marker(NAMUR, { icon: icon, draggable: true, alt: "Position du service" });

  function typedPoint() {
    var lat = parseFloat(latitude.value.replace(",", "."));
    var lon = parseFloat(longitude.value.replace(",", "."));
    var valid = Math.abs(lat) <= 90 && Math.abs(lon) <= 180; // false for NaN
    return valid ? L.latLng(lat, lon) : null;
  }

  // Wagtail's "unsaved changes" warning listens for input and change events.
  function write(field, value) {
    field.value = value;
    field.dispatchEvent(new Event("input", { bubbles: true }));
    field.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function place(point) {
    write(latitude, point.lat.toFixed(6));
    write(longitude, L.Util.wrapNum(point.lng, [-180, 180], true).toFixed(6));
    marker.setLatLng(point).addTo(map);
  }

  function follow() {
    var point = typedPoint();
    if (point) marker.setLatLng(point).addTo(map);
    else marker.remove();
    return point;
  }

  // The admin's layout settles after the scripts run (and side panels resize the form):
  // Leaflet must measure its box again, or a click lands away from the point under the pointer.
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      map.invalidateSize();
    }).observe(map.getContainer());
  }

  var start = follow();
  if (start) map.setView(start, 16);
  else map.setView(NAMUR, 9);

  map.on("click", function (event) {
    place(event.latlng);
  });
  marker.on("dragend", function () {
    place(marker.getLatLng());
  });
  function typed() {
    var point = follow();
    if (point && !map.getBounds().contains(point)) map.panTo(point);
  }
  latitude.addEventListener("input", typed);
  longitude.addEventListener("input", typed);
  picker.querySelector("[data-point-picker-clear]").addEventListener("click", function () {
    write(latitude, "");
    write(longitude, "");
    marker.remove();
  });
})();
