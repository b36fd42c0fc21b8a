// The moderator panel's DOM: ban/unban, protect/unprotect a rectangle, the audit log, rollback of a
// rectangle to a moment (preview before/after, apply, progress, undo) and reverting a user from the
// pixel history. Built only for moderator and admin sessions (app.js asks isModerator first).
import { clipRect, describeAction, describeAuditEntry, expiryFromHours, rectFromCorners, settled } from './moderation.js';

const TEMPLATE = `
  <h2>Moderation</h2>
  <div class="mod-row">
    <button id="mod-corner-1" title="the selected pixel is one corner">Corner 1</button>
    <button id="mod-corner-2" title="the selected pixel is the opposite corner">Corner 2</button>
    <button id="mod-drag" aria-pressed="false" title="then drag on the canvas from one corner to the other">Drag</button>
    <span id="mod-rect">no rectangle</span>
  </div>
  <form id="mod-ban-form" class="mod-row">
    <input id="mod-ban-user" placeholder="user id" required>
    <input id="mod-ban-reason" placeholder="reason" required>
    <input id="mod-ban-hours" placeholder="hours (empty: until lifted)" inputmode="decimal">
    <button id="mod-ban" type="submit">Ban</button>
    <button id="mod-unban" type="button">Unban</button>
  </form>
  <form id="mod-protect-form" class="mod-row">
    <input id="mod-protect-reason" placeholder="reason" required>
    <button id="mod-protect" type="submit">Protect rectangle</button>
  </form>
  <ul id="mod-areas"></ul>
  <form id="mod-rollback-form" class="mod-row">
    <input id="mod-rollback-to" type="datetime-local" step="1" required title="roll the rectangle back to this moment">
    <input id="mod-rollback-reason" placeholder="reason" required>
    <button id="mod-preview" type="submit">Preview rollback</button>
  </form>
  <div id="mod-preview-box" hidden>
    <div class="mod-row"><figure><img id="mod-before" alt="before"><figcaption>now</figcaption></figure>
      <figure><img id="mod-after" alt="after"><figcaption>after</figcaption></figure></div>
    <span id="mod-preview-summary"></span>
    <button id="mod-apply">Apply</button>
  </div>
  <ul id="mod-actions"></ul>
  <div class="mod-row"><button id="mod-audit-refresh">Audit log</button></div>
  <ol id="mod-audit"></ol>
  <div id="mod-message" role="status" aria-live="polite"></div>
`;

/**
 * `view` (optional) lets a rectangle be dragged on the canvas (`View.pickArea`) and outlines the chosen
 * one; `canvasSize()` clips a drag that went past the canvas's edge.
 */
export function mountModeratorPanel({ root, api, selected, reload = () => {}, view = null, canvasSize = null }) {
  root.innerHTML = TEMPLATE;
  root.hidden = false;
  const $ = (id) => root.querySelector(`#${id}`);
  const state = { corner1: null, corner2: null, rect: null, pending: null, watched: new Map() };

  function tell(text) {
    $('mod-message').textContent = text;
  }

  function failed(e) {
    tell(`${e.code || 'error'}: ${e.message}`);
  }

  function setRect(rect) {
    state.rect = rect;
    view?.showArea(rect, document.getElementById('area-box'));
    $('mod-rect').textContent = rect ? `(${rect.x}, ${rect.y}) ${rect.w}x${rect.h}` : 'no rectangle';
  }

  function corner(which) {
    const p = selected();
    if (!p) {
      tell('select a pixel first');
      return;
    }
    state[which] = p;
    const other = state[which === 'corner1' ? 'corner2' : 'corner1'];
    setRect(rectFromCorners(p, other ?? p));
  }

  async function showAreas() {
    try {
      const { areas } = await api.areas();
      $('mod-areas').replaceChildren(...areas.map((a) => {
        const li = document.createElement('li');
        li.dataset.areaId = a.id;
        li.append(`${a.id} (${a.x},${a.y} ${a.w}x${a.h}) ${a.reason} `);
        const button = Object.assign(document.createElement('button'), { textContent: 'Unprotect', className: 'mod-unprotect' });
        button.addEventListener('click', () => api.unprotect(a.id).then(() => {
          tell(`unprotected ${a.id}`);
          showAreas();
        }, failed));
        li.append(button);
        return li;
      }));
    } catch (e) {
      failed(e);
    }
  }

  async function showAudit() {
    try {
      const { entries } = await api.audit(50);
      $('mod-audit').replaceChildren(...entries.map((e) => Object.assign(document.createElement('li'), {
        textContent: describeAuditEntry(e),
      })));
    } catch (e) {
      failed(e);
    }
  }

  function showAction(action) {
    let li = $('mod-actions').querySelector(`[data-action-id="${CSS.escape(action.id)}"]`);
    if (!li) {
      li = document.createElement('li');
      li.dataset.actionId = action.id;
      $('mod-actions').prepend(li);
    }
    li.replaceChildren(describeAction(action));
    if (settled(action) && action.state === 'done' && !action.undoneBy && action.kind !== 'undo') {
      const undo = Object.assign(document.createElement('button'), { textContent: 'Undo', className: 'mod-undo' });
      undo.addEventListener('click', () => {
        const reason = prompt('Why undo it?', 'mistake');
        if (reason) {
          api.undo(action.id, reason).then(({ action: u }) => watch(u), failed);
        }
      });
      li.append(' ', undo);
    }
  }

  /** Polls an action until it settles, showing its progress. */
  function watch(action) {
    showAction(action);
    if (settled(action) || state.watched.has(action.id)) {
      return;
    }
    const timer = setInterval(async () => {
      try {
        const { action: now } = await api.action(action.id);
        showAction(now);
        if (settled(now)) {
          clearInterval(timer);
          state.watched.delete(action.id);
          if (action.kind === 'undo' && action.parameters?.target) {
            api.action(action.parameters.target).then(({ action: t }) => showAction(t)).catch(() => {});
          }
          reload();
        }
      } catch (e) {
        failed(e);
      }
    }, 1000);
    state.watched.set(action.id, timer);
  }

  function showPreview(preview, apply) {
    $('mod-before').src = `data:image/png;base64,${preview.before}`;
    $('mod-after').src = `data:image/png;base64,${preview.after}`;
    const r = preview.region;
    $('mod-preview-summary').textContent = `${preview.pixelsChanged} pixels change in (${r.x}, ${r.y}) ${r.w}x${r.h}`;
    $('mod-preview-box').hidden = false;
    state.pending = apply;
  }

  $('mod-corner-1').addEventListener('click', () => corner('corner1'));
  $('mod-corner-2').addEventListener('click', () => corner('corner2'));
  // One drag selects the rectangle, then the canvas pans again (pinch and wheel zoom meanwhile).
  function stopDragging() {
    view.pickArea(null);
    $('mod-drag').setAttribute('aria-pressed', 'false');
  }
  $('mod-drag').hidden = !view;
  $('mod-drag').addEventListener('click', () => {
    if (view.areaPick) {
      stopDragging();
      return;
    }
    $('mod-drag').setAttribute('aria-pressed', 'true');
    tell('drag on the canvas from one corner to the other');
    view.pickArea({
      onDrag: (r) => view.showArea(r, document.getElementById('area-box')),
      onDone: (r) => {
        stopDragging();
        const size = canvasSize?.();
        const clipped = size ? clipRect(r, size.width, size.height) : r;
        setRect(clipped);
        tell(clipped ? 'rectangle chosen' : 'the drag was off the canvas');
      },
    });
  });
  $('mod-ban-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const expiresAt = expiryFromHours($('mod-ban-hours').value.trim());
      const answer = await api.ban($('mod-ban-user').value.trim(), $('mod-ban-reason').value.trim(), expiresAt);
      tell(`banned ${answer.ban.userId}${answer.ban.expiresAt ? ` until ${answer.ban.expiresAt}` : ' until lifted'}`);
    } catch (e) {
      failed(e);
    }
  });
  $('mod-unban').addEventListener('click', () => {
    const user = $('mod-ban-user').value.trim();
    api.unban(user, $('mod-ban-reason').value.trim()).then(() => tell(`unbanned ${user}`), failed);
  });
  $('mod-protect-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!state.rect) {
      tell('choose a rectangle first (corner 1 and corner 2)');
      return;
    }
    api.protect(state.rect, $('mod-protect-reason').value.trim()).then(({ area }) => {
      tell(`protected ${area.id}`);
      showAreas();
    }, failed);
  });
  $('mod-rollback-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!state.rect) {
      tell('choose a rectangle first (corner 1 and corner 2)');
      return;
    }
    const rect = state.rect;
    const to = new Date($('mod-rollback-to').value).toISOString();
    const reason = $('mod-rollback-reason').value.trim();
    api.previewRollback(rect, to).then((preview) => showPreview(preview, () => api.rollback(rect, to, reason)), failed);
  });
  $('mod-apply').addEventListener('click', () => {
    const apply = state.pending;
    state.pending = null;
    $('mod-preview-box').hidden = true;
    if (apply) {
      apply().then(({ action }) => watch(action), failed);
    }
  });
  $('mod-audit-refresh').addEventListener('click', showAudit);

  showAreas();
  showAudit();
  api.actions(20).then(({ actions }) => actions.reverse().forEach(watch)).catch(() => {}); // 404 until the routes land

  return {
    setRect,
    showAreas,
    showAudit,
    /** Fills the ban form with a user from the pixel history. */
    banUser(userId) {
      $('mod-ban-user').value = userId;
      $('mod-ban-reason').focus();
    },
    /** Previews reverting a user's placements (from the pixel history); Apply then reverts them. */
    revertUser(userId) {
      const reason = prompt(`Why revert every placement of ${userId}?`, 'griefing');
      if (reason) {
        api.previewRevert(userId).then((preview) => showPreview(preview, () => api.revert(userId, undefined, reason)), failed);
      }
    },
  };
}
