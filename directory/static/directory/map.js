/* The directory's map (directory/includes/map.html): the list's filtered entries as clustered
   markers. The container stays hidden until the data is read: the list gives everything
   without it. Popups are built as DOM nodes (textContent), never from HTML strings. */
(function () {
  "use strict";

  var container = document.querySelector("[data-directory-map]");
  if (!container || !window.L || !L.markerClusterGroup || !window.fetch || !window.directoryMap) {
    return;
  }
  var data = container.dataset;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function popupContent(props) {
    var box = element("div", "directory-map__popup");
    var name = element("p", "directory-map__popup-name");
    var link = element("a", "", props.name);
    link.href = props.url;
    name.appendChild(link);
    box.appendChild(name);
    var kind = props.kind && typeof props.kind === "object" ? props.kind.name : props.kind;
    if (kind) box.appendChild(element("p", "", kind));
    var place = [props.postcode, props.commune].filter(Boolean).join(" ");
    var address = [props.street, place].filter(Boolean).join(", ");
    if (address) box.appendChild(element("p", "", address));
    return box;
  }

  // A cluster is a button named by its visible count and what Enter does (WCAG 2.5.3).
  function clusterIcon(cluster) {
    var count = cluster.getChildCount();
    return L.divIcon({
      html: "<span>" + count + '<span class="visually-hidden"> services : agrandir le groupe</span></span>',
      className: "directory-map__cluster",
      iconSize: L.point(40, 40),
    });
  }

  function show(collection) {
    var features = (collection.features || []).filter(function (feature) {
      return feature.geometry && feature.geometry.type === "Point";
    });
    // No entry with a position: the map stays hidden, the list gives everything.
    if (!features.length) return;
    var missing = (collection.features || []).length - features.length;
    var status = container.querySelector("[data-directory-map-status]");
    status.textContent =
      features.length + (features.length > 1 ? " services sur la carte." : " service sur la carte.") +
      (missing ? " " + missing + (missing > 1
        ? " services sans position ne figurent pas sur la carte."
        : " service sans position ne figure pas sur la carte.") : "");
    container.hidden = false; // before the map: Leaflet measures its container

    var still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var map = L.map(container.querySelector("[data-directory-map-canvas]"), {
      zoomControl: false,
      zoomAnimation: !still,
      fadeAnimation: !still,
      markerZoomAnimation: !still,
      scrollWheelZoom: false, // the page scrolls over the map; buttons and keys zoom
    }).setView(directoryMap.NAMUR, 9);
    var icon = directoryMap.setUp(map, data);
    var group = L.markerClusterGroup({
      iconCreateFunction: clusterIcon,
      showCoverageOnHover: false,
      animate: !still,
    });
    features.forEach(function (feature) {
      var lonLat = feature.geometry.coordinates;
      var marker = L.marker([lonLat[1], lonLat[0]], {
        icon: icon,
        alt: feature.properties.name, // the marker is a focusable image button: its name
        title: feature.properties.name,
      });
      marker.bindPopup(popupContent(feature.properties));
      group.addLayer(marker);
    });
    map.addLayer(group);
    if (features.length) map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 15 });

    // Keyboard: an opened popup takes the focus (its link), Escape closes it, and its
    // marker gets the focus back. Leaflet's own Escape works only while the map itself has it.
    var canvas = map.getContainer();
    var opener = null;
    map.on("popupopen", function (event) {
      var popup = event.popup.getElement();
      var close = popup.querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", "Fermer"); // Leaflet writes "Close popup"
      opener = event.popup._source; // the marker (Leaflet 1.9 has no public accessor)
      popup.querySelector(".directory-map__popup a").focus({ preventScroll: true });
    });
    map.on("popupclose", function () {
      var active = document.activeElement;
      var icon = opener && opener.getElement();
      if (icon && (active === document.body || (active && active.closest(".leaflet-popup")))) {
        icon.focus();
      }
      opener = null;
    });
    canvas.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && event.target.closest(".leaflet-popup")) map.closePopup();
    });
  }

  fetch(data.geojsonUrl, { headers: { Accept: "application/geo+json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(show)
    .catch(function () {
      container.hidden = true; // the list below still gives every entry
    });
})();
