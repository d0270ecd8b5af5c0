/* What the directory's two maps share: the visitors' map (map.js) and the editors' point picker
   (point-picker.js). French zoom buttons, Leaflet's credit, the tiles and their attribution, and
   the marker icon, read from the container's data- attributes
   (directory/includes/map_data_attributes.html). Loaded after Leaflet, before either map. */
window.directoryMap = (function () {
  "use strict";

  return {
    NAMUR: [50.35, 4.85], // the province of Namur, where a map starts without a point

    // Adds the zoom buttons, the credit and the tiles to `map`; returns the marker icon.
    setUp: function (map, data) {
      L.control.zoom({ zoomInTitle: "Zoom avant", zoomOutTitle: "Zoom arrière" }).addTo(map);
      map.attributionControl.setPrefix('<a href="https://leafletjs.com/">Leaflet</a>');
      L.tileLayer(data.tileUrl, { attribution: data.tileAttribution, maxZoom: 19 }).addTo(map);
      // Explicit URLs: Leaflet's own guess fails on hashed file names (ManifestStaticFilesStorage).
      return L.icon({
        iconUrl: data.markerIcon,
        iconRetinaUrl: data.markerIcon2x,
        shadowUrl: data.markerShadow,
        iconSize: [25, 41],
        iconAnchor: [12, 41],
        popupAnchor: [1, -34],
        shadowSize: [41, 41],
      });
    },
  };
})();
