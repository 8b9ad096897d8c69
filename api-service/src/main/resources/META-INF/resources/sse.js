// Server-Sent Events over fetch(): EventSource cannot send an Authorization header, so the stream
// is read as a ReadableStream and parsed here, per the HTML standard's event-stream format.

/** Splits a text stream into events: {event, data, id}; calls onEvent for each complete one. */
export class EventStreamParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.reset();
  }

  reset() {
    this.event = '';
    this.data = [];
    this.id = null;
  }

  push(text) {
    this.buffer += text;
    let end;
    while ((end = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, end);
      const breakLength = this.buffer.startsWith('\r\n', end) ? 2 : 1;
      // A lone \r at the very end may be the first half of \r\n: wait for the next chunk.
      if (breakLength === 1 && this.buffer[end] === '\r' && end === this.buffer.length - 1) {
        return;
      }
      this.buffer = this.buffer.slice(end + breakLength);
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      if (this.data.length > 0) {
        this.onEvent({event: this.event || 'message', data: this.data.join('\n'), id: this.id});
      }
      this.reset();
      return;
    }
    if (line.startsWith(':')) {
      return; // a comment: the server's keep-alive
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id') this.id = value;
  }
}

/**
 * Reads one event stream to its end. Answers the last event id seen (for Last-Event-ID on a
 * reconnect). A non-2xx answer throws an ApiError-like object made by toError(response).
 */
export async function readEventStream(url, {key, lastEventId, signal, onEvent, toError}) {
  const headers = {'Authorization': 'Bearer ' + key, 'Accept': 'text/event-stream'};
  if (lastEventId) {
    headers['Last-Event-ID'] = lastEventId;
  }
  const response = await fetch(url, {headers, signal, cache: 'no-store'});
  if (!response.ok) {
    throw await toError(response);
  }
  let last = lastEventId;
  const parser = new EventStreamParser(event => {
    if (event.id) last = event.id;
    onEvent(event);
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const {value, done} = await reader.read();
    if (done) {
      return last; // per the standard, an event cut off before its blank line is dropped
    }
    parser.push(value);
  }
}
