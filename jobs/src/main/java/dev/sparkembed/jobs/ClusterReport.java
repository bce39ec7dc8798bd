package dev.sparkembed.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The cluster report: one self-contained HTML file (inline CSS, JS and data; nothing fetched)
 * that opens with the 2-D map and a line per cluster, then quality figures, cluster sizes, how k was
 * chosen and each cluster's keywords, nearest texts and labels.
 */
public final class ClusterReport {

  private ClusterReport() {}

  /**
   * Writes the report through the Hadoop file system of its path's scheme (a local path, {@code
   * hdfs://}, {@code s3a://}...), as every file the driver writes: on YARN a plain local path would
   * land in the container's working directory and vanish with it.
   */
  public static void write(String file, Map<String, Object> summary, List<Map<String, Object>> points, Configuration conf) {
    Map<String, Object> data = new LinkedHashMap<>(summary);
    data.put("points", points);
    data.put("map_sample_limit", ClusterJob.MAP_SAMPLE);
    // "<" escaped so that no text can close the script element.
    String json = Json.line(data).replace("<", "\\u003c");
    OutputPaths.writeText(file, TEMPLATE.replace("/*DATA*/", json), conf);
  }

  private static final String TEMPLATE = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>spark-embed clusters</title>
      <style>
        body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1200px; color: #222; padding: 0 16px; }
        h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 32px; }
        .note { color: #666; font-size: 12px; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }
        th { background: #f6f6f6; }
        .swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
        .kw { font-weight: 600; } .ex { color: #444; font-size: 13px; margin: 2px 0; }
        #tip { position: fixed; pointer-events: none; background: #fff; border: 1px solid #999; padding: 6px 8px;
               max-width: 360px; font-size: 12px; box-shadow: 0 2px 6px rgba(0,0,0,.2); display: none; }
        svg text { font-size: 11px; fill: #444; }
        .figures { display: flex; gap: 24px; flex-wrap: wrap; }
        .glance-line { margin: 3px 0; cursor: pointer; } .map-label { font-size: 13px; font-weight: 700; fill: #111; paint-order: stroke;
          stroke: #fff; stroke-width: 3px; cursor: pointer; }
      </style>
      </head>
      <body>
      <h1 id="title">Clusters</h1>
      <p id="overview"></p>
      <h2>Map</h2>
      <p class="note" id="map-note"></p>
      <svg id="map" width="1000" height="640" role="img" aria-label="2-D map of documents coloured by cluster"></svg>
      <h2>Clusters at a glance</h2>
      <div id="glance"></div>
      <h2>Quality</h2>
      <table id="quality"><thead><tr><th>measure</th><th>embeddings</th><th>TF-IDF + KMeans baseline (same k)</th></tr></thead><tbody></tbody></table>
      <div class="figures">
        <div><h2>Cluster sizes</h2><svg id="sizes" width="560" height="300" role="img" aria-label="bar chart of cluster sizes"></svg></div>
        <div id="curve-box"><h2>How k was chosen</h2>
          <svg id="curve" width="560" height="300" role="img" aria-label="gap statistic and within-cluster cost versus k"></svg>
          <p class="note" id="curve-note"></p></div>
      </div>
      <h2>Clusters</h2>
      <table id="clusters"><thead><tr><th>cluster</th><th>size</th><th>keywords and nearest texts</th><th>labels</th></tr></thead><tbody></tbody></table>
      <div id="tip"></div>
      <script type="application/json" id="data">/*DATA*/</script>
      <script>
      (function () {
        const data = JSON.parse(document.getElementById('data').textContent);
        const NS = 'http://www.w3.org/2000/svg';
        const colour = c => 'hsl(' + ((c * 137.508) % 360).toFixed(1) + ', 65%, 48%)';
        const el = (name, attrs, parent) => {
          const e = document.createElementNS(NS, name);
          for (const k in attrs) e.setAttribute(k, attrs[k]);
          if (parent) parent.appendChild(e);
          return e;
        };
        const html = (tag, text, parent, cls) => {
          const e = document.createElement(tag);
          if (text !== undefined && text !== null) e.textContent = text;
          if (cls) e.className = cls;
          if (parent) parent.appendChild(e);
          return e;
        };
        const q = data.quality || {};
        const choice = data.k_choice;
        document.getElementById('title').textContent = data.k + ' clusters of ' + data.rows.toLocaleString() + ' documents';
        document.getElementById('overview').textContent = 'Algorithm: ' + data.algorithm + ' (cosine)' +
          (choice ? '; ' + choice.reason : '; k given') + '. Documents without an embedding: ' + data.null_embeddings + '.';

        // Map: t-SNE (or PCA) coordinates of a sample, each cluster's number at the middle of its points.
        const map = document.getElementById('map'), W = 1000, H = 640, pad = 20;
        const pts = data.points;
        const m = data.map;
        const method = m.method === 'tsne' ? 't-SNE (Barnes–Hut, seeded)' : 'PCA';
        document.getElementById('map-note').textContent = method + ' of ' + pts.length.toLocaleString() + ' of ' +
          data.clustered.toLocaleString() + ' documents (a random sample of at most ' + data.map_sample_limit.toLocaleString() +
          '), coloured by cluster; it keeps ' + (m.neighbours_kept * 100).toFixed(1) +
          '% of each document’s 10 nearest neighbours (cosine) among its 10 nearest on the map. Hover a point for its text; ' +
          'hover or click a cluster’s number, or its line below, to pick out its points (the address then ends in #cluster=N).';
        const xs = pts.map(p => p.x), ys = pts.map(p => p.y);
        const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
        const sx = v => pad + (v - x0) / ((x1 - x0) || 1) * (W - 2 * pad);
        const sy = v => H - pad - (v - y0) / ((y1 - y0) || 1) * (H - 2 * pad);
        const tip = document.getElementById('tip');
        const middles = {};
        for (const p of pts) {
          const c = el('circle', {cx: sx(p.x).toFixed(1), cy: sy(p.y).toFixed(1), r: 3, fill: colour(p.c), 'fill-opacity': 0.7,
            class: 'pt', 'data-c': p.c}, map);
          c.addEventListener('mouseenter', ev => {
            tip.textContent = 'cluster ' + p.c + ' · ' + p.id + ': ' + (p.t || '');
            tip.style.display = 'block'; tip.style.left = (ev.clientX + 12) + 'px'; tip.style.top = (ev.clientY + 12) + 'px';
          });
          c.addEventListener('mouseleave', () => { tip.style.display = 'none'; });
          const s = middles[p.c] || (middles[p.c] = {xs: [], ys: []});
          s.xs.push(p.x); s.ys.push(p.y);
        }
        const median = v => { const a = v.slice().sort((a, b) => a - b); return a[Math.floor(a.length / 2)]; };
        // Picking out one cluster: with dozens of clusters their colours are hard to tell apart, so
        // one style rule fades every other cluster's points (one rule, not a change per point).
        const pickStyle = document.head.appendChild(document.createElement('style'));
        let pinned = null;
        const pick = c => {
          pickStyle.textContent = c === null ? '' : '#map .pt { fill-opacity: 0.06; } #map .pt[data-c="' + c + '"] { fill-opacity: 0.85; } ' +
            '#map .map-label { opacity: 0.2; } #map .map-label[data-c="' + c + '"] { opacity: 1; } ' +
            '.glance-line[data-c="' + c + '"] { background: #e8eef8; }';
        };
        const pin = c => {
          pinned = pinned === c ? null : c;
          try { // the address records the pick, so it can be shared; a page that cannot change it still picks
            history.replaceState(null, '', pinned === null ? location.pathname + location.search : '#cluster=' + pinned);
          } catch (e) { /* as said */ }
          pick(pinned);
        };
        const pickable = (node, c) => {
          node.addEventListener('mouseenter', () => pick(c));
          node.addEventListener('mouseleave', () => pick(pinned));
          node.addEventListener('click', () => pin(c));
        };
        for (const c in middles) {
          const label = el('text', {x: sx(median(middles[c].xs)), y: sy(median(middles[c].ys)), 'text-anchor': 'middle',
            class: 'map-label', 'data-c': c}, map);
          label.textContent = c;
          pickable(label, Number(c));
        }

        // One line per cluster: size, main label, keywords.
        const glance = document.getElementById('glance');
        (data.overview || []).forEach((line, c) => {
          const div = html('div', null, glance, 'glance-line');
          div.setAttribute('data-c', c);
          html('span', null, div, 'swatch').style.background = colour(c);
          div.appendChild(document.createTextNode(line));
          pickable(div, c);
        });
        const asked = /^#cluster=(\\d+)$/.exec(location.hash);
        if (asked && Number(asked[1]) < data.k) pin(Number(asked[1]));

        const qbody = document.querySelector('#quality tbody');
        const row = (name, a, b) => { const tr = html('tr', null, qbody); html('td', name, tr); html('td', a, tr); html('td', b, tr); };
        row('silhouette (cosine)', q.silhouette_cosine, '');
        if (q.embedding) {
          for (const m of ['nmi', 'ari', 'purity']) row(m.toUpperCase(), q.embedding[m], q.tfidf_baseline ? q.tfidf_baseline[m] : '');
        }
        row('keywords repeated in another cluster', (data.keywords_shared * 100).toFixed(1) + '%', '');

        // Bar chart of sizes.
        const sizes = document.getElementById('sizes'), BW = 560, BH = 300;
        const maxSize = Math.max(...data.clusters.map(c => c.size), 1);
        const bw = (BW - 40) / data.clusters.length;
        data.clusters.forEach((c, i) => {
          const h = c.size / maxSize * (BH - 40);
          const r = el('rect', {x: 30 + i * bw, y: BH - 20 - h, width: Math.max(1, bw - 2), height: h, fill: colour(c.cluster), class: 'bar'}, sizes);
          el('title', {}, r).textContent = 'cluster ' + c.cluster + ': ' + c.size + ' documents';
          if (data.clusters.length <= 40) el('text', {x: 30 + i * bw + bw / 2, y: BH - 6, 'text-anchor': 'middle'}, sizes).textContent = c.cluster;
        });
        el('text', {x: 2, y: 12}, sizes).textContent = maxSize;

        // How k was chosen: the gap statistic with its standard errors, and the within-cluster cost
        // (share of the total), at each k tried, each on its own scale.
        if (choice && choice.curve && choice.curve.length) {
          const curve = choice.curve;
          const svg = document.getElementById('curve'), CW = 560, CH = 300;
          const ks = curve.map(p => p.k), k0 = Math.min(...ks), k1 = Math.max(...ks);
          const cx = k => 40 + (k - k0) / ((k1 - k0) || 1) * (CW - 80);
          const scaledTo = (lo, hi) => v => CH - 30 - (v - lo) / ((hi - lo) || 1) * (CH - 60);
          const gy = scaledTo(Math.min(...curve.map(p => p.gap - p.gap_se)), Math.max(...curve.map(p => p.gap + p.gap_se)));
          const cy = scaledTo(Math.min(...curve.map(p => p.within_cost)), Math.max(...curve.map(p => p.within_cost)));
          el('polyline', {points: curve.map(p => cx(p.k) + ',' + cy(p.within_cost)).join(' '), fill: 'none', stroke: '#8f5902',
            'stroke-width': 1.5, 'stroke-dasharray': '4 3'}, svg);
          const highest = curve.find(p => p.k === choice.highest_gap_k);
          if (highest) {
            el('line', {x1: cx(k0), x2: cx(k1), y1: gy(highest.gap - highest.gap_se), y2: gy(highest.gap - highest.gap_se),
              stroke: '#999', 'stroke-width': 1, 'stroke-dasharray': '2 3'}, svg);
          }
          for (const p of curve) {
            el('line', {x1: cx(p.k), x2: cx(p.k), y1: gy(p.gap - p.gap_se), y2: gy(p.gap + p.gap_se), stroke: '#729fcf', 'stroke-width': 1}, svg);
          }
          el('polyline', {points: curve.map(p => cx(p.k) + ',' + gy(p.gap)).join(' '), fill: 'none', stroke: '#3465a4', 'stroke-width': 2}, svg);
          el('line', {x1: cx(data.k), x2: cx(data.k), y1: 20, y2: CH - 30, stroke: '#cc0000', 'stroke-width': 1}, svg);
          for (const p of curve) {
            const d = el('circle', {cx: cx(p.k), cy: gy(p.gap), r: p.k === data.k ? 5 : 2.5,
              fill: p.k === data.k ? '#cc0000' : '#3465a4', class: 'curve-pt'}, svg);
            el('title', {}, d).textContent = 'k = ' + p.k + ': gap ' + p.gap + ' ± ' + p.gap_se + ', within-cluster cost ' +
              p.within_cost + ' of the total';
          }
          const step = Math.max(1, Math.ceil((k1 - k0) / 12));
          for (let k = k0; k <= k1; k += step) el('text', {x: cx(k), y: CH - 10, 'text-anchor': 'middle'}, svg).textContent = k;
          el('text', {x: 44, y: 14, fill: '#3465a4'}, svg).textContent = '— gap statistic (± 1 standard error)';
          el('text', {x: 320, y: 14, fill: '#8f5902'}, svg).textContent = '- - within-cluster cost';
          document.getElementById('curve-note').textContent = choice.reason + '. Gap: how much lower the log within-cluster ' +
            'cost is than k-means gets on ' + choice.references + ' draws of one Gaussian with the mean and covariance of the data ' +
            '(on ' + choice.sample_rows.toLocaleString() + ' sampled documents); dotted: one standard error below the highest.';
        } else {
          document.getElementById('curve-box').style.display = 'none';
        }

        // Summaries.
        const tbody = document.querySelector('#clusters tbody');
        for (const c of data.clusters) {
          const tr = html('tr', null, tbody);
          const id = html('td', null, tr);
          html('span', null, id, 'swatch').style.background = colour(c.cluster);
          id.appendChild(document.createTextNode(c.cluster));
          html('td', c.size.toLocaleString(), tr);
          const body = html('td', null, tr);
          html('div', c.keywords.join(', '), body, 'kw');
          for (const ex of c.representatives) html('div', '“' + ex.text + '” (' + ex.cosine + ')', body, 'ex');
          const labels = html('td', null, tr);
          if (c.labels) {
            Object.entries(c.labels).sort((a, b) => b[1] - a[1]).slice(0, 6)
              .forEach(([l, n]) => html('div', l + ': ' + n, labels));
          }
        }
        document.body.setAttribute('data-ready', 'true');
      })();
      </script>
      </body>
      </html>
      """;
}
