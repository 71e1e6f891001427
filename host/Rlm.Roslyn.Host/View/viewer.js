(function () {
  'use strict';

  // Any error in the viewer shows on the page (and in the console) instead of leaving a silently half-built page.
  function showError(message) {
    var banner = document.getElementById('rlm-error');
    if (!banner) {
      banner = document.createElement('div');
      banner.id = 'rlm-error';
      document.body.insertBefore(banner, document.body.firstChild);
    }
    banner.textContent = 'The viewer failed: ' + message;
  }
  window.addEventListener('error', function (e) { showError(e.message); });

  var texts = JSON.parse(document.getElementById('rlm-texts').textContent);
  var search = document.getElementById('search');
  var hitsLabel = document.getElementById('hits');
  var hits = [];
  var current = -1;

  // Long texts travel as JSON and become the element's text (never markup) the first time they are shown.
  function fill(pre) {
    if (pre.classList.contains('lazy') && pre.dataset.filled !== '1') {
      pre.textContent = texts[Number(pre.dataset.text)];
      pre.dataset.filled = '1';
    }
  }

  function textOf(pre) {
    return pre.classList.contains('lazy') && pre.dataset.filled !== '1' ? texts[Number(pre.dataset.text)] : pre.textContent;
  }

  function fillOwn(details) {
    details.querySelectorAll('pre.lazy').forEach(function (pre) {
      if (pre.closest('details') === details) { fill(pre); }
    });
  }

  function openUp(element) {
    for (var d = element.closest('details'); d; d = d.parentElement ? d.parentElement.closest('details') : null) {
      d.open = true;
      fillOwn(d);
    }
  }

  document.addEventListener('toggle', function (e) {
    if (e.target.tagName === 'DETAILS' && e.target.open) { fillOwn(e.target); }
  }, true);

  function setAll(open) {
    document.querySelectorAll('#tree details').forEach(function (d) {
      d.open = open;
      if (open) { fillOwn(d); }
    });
  }

  document.getElementById('expand').addEventListener('click', function () { setAll(true); });
  document.getElementById('collapse').addEventListener('click', function () { setAll(false); });

  function clearMarks() {
    document.querySelectorAll('.hit').forEach(function (d) { d.classList.remove('hit'); });
    document.querySelectorAll('pre[data-marked="1"]').forEach(function (pre) {
      pre.textContent = pre.textContent;
      pre.removeAttribute('data-marked');
    });
    hits = [];
    current = -1;
  }

  // Wraps each case-insensitive occurrence of the query in <mark>, building text nodes (no markup from the trace).
  function markIn(pre, query) {
    var text = pre.textContent;
    var lower = text.toLowerCase();
    var at = lower.indexOf(query);
    if (at < 0) { return; }
    var parts = document.createDocumentFragment();
    var from = 0;
    while (at >= 0) {
      parts.appendChild(document.createTextNode(text.slice(from, at)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(at, at + query.length);
      parts.appendChild(mark);
      hits.push(mark);
      from = at + query.length;
      at = lower.indexOf(query, from);
    }
    parts.appendChild(document.createTextNode(text.slice(from)));
    pre.textContent = '';
    pre.appendChild(parts);
    pre.setAttribute('data-marked', '1');
  }

  function runSearch() {
    clearMarks();
    var query = search.value.trim().toLowerCase();
    if (!query) { hitsLabel.textContent = ''; return; }
    var nodes = 0;
    document.querySelectorAll('#tree summary').forEach(function (summary) {
      if (summary.textContent.toLowerCase().indexOf(query) >= 0) {
        summary.parentElement.classList.add('hit');
        openUp(summary.parentElement.parentElement || summary.parentElement);
        nodes++;
      }
    });
    document.querySelectorAll('#tree pre, #answer pre').forEach(function (pre) {
      if (textOf(pre).toLowerCase().indexOf(query) >= 0) {
        openUp(pre);
        fill(pre);
        markIn(pre, query);
      }
    });
    hitsLabel.textContent = hits.length + ' in texts, ' + nodes + ' in titles';
    next();
  }

  function next() {
    if (hits.length === 0) { return; }
    if (current >= 0) { hits[current].classList.remove('current'); }
    current = (current + 1) % hits.length;
    hits[current].classList.add('current');
    hits[current].scrollIntoView({ block: 'center' });
  }

  var timer = 0;
  search.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(runSearch, 200);
  });
  search.addEventListener('keydown', function (e) {
    if (e.key === 'Enter') {
      e.preventDefault();
      if (hits.length === 0) { runSearch(); } else { next(); }
    }
  });

  // Texts outside closed nodes (the answer, open nodes) are shown at once.
  document.querySelectorAll('pre.lazy').forEach(function (pre) {
    var owner = pre.closest('details');
    if (!owner || owner.open) { fill(pre); }
  });

  // Links can say what to show: #expand opens every node, #search=words searches.
  var hash = decodeURIComponent(location.hash.slice(1));
  if (hash === 'expand') {
    setAll(true);
  } else if (hash.indexOf('search=') === 0) {
    search.value = hash.slice(7);
    runSearch();
  }
  document.body.setAttribute('data-ready-ms', String(Math.round(performance.now())));
  document.body.setAttribute('data-viewer', 'ready');
}());
