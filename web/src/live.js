// The live-updates WebSocket (docs/live-updates.md): follows one client, reconnects with
// backoff, and calls onEvent for each event. After every (re)connect the caller re-reads
// over REST (onOpen), since events missed while disconnected are never replayed.
export function connectLive({ token, clientId, onEvent, onOpen, onStatus }) {
  let socket = null;
  let stopped = false;
  let delay = 1000;
  function open() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/ws?access_token=${encodeURIComponent(token)}`);
    onStatus('connecting');
    socket.onopen = () => {
      delay = 1000;
      socket.send(JSON.stringify({ type: 'subscribe', client_id: clientId }));
    };
    socket.onmessage = (m) => {
      let event;
      try { event = JSON.parse(m.data); } catch { return; }
      if (event.type === 'subscribed') { onStatus('live'); onOpen(); }
      else if (event.type === 'error') onStatus('error');
      else onEvent(event);
    };
    socket.onclose = () => {
      if (stopped) return;
      onStatus('offline');
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 30000);
    };
  }
  open();
  return () => { stopped = true; if (socket) socket.close(); };
}
