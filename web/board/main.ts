/**
 * The display board of one office (/board/<officeCode>): now serving per counter, waiting per service, live over
 * graphql-ws. It reconnects by itself, forever, and shows when it is offline; every (re)subscription starts with the
 * current state, so nothing is stale after a reconnect.
 */
import { createClient } from 'graphql-ws';
// The board's subscription is the persisted operation itself (bundled as text), so it runs under
// PERSISTED_OPERATIONS=require and cannot drift from the allow-list.
import QUERY from '../../examples/board.graphql';

interface BoardState {
  office: { name: string };
  day: string;
  counters: { id: string; code: string; name: string; open: boolean; nowServing: { code: string; status: string } | null }[];
  services: { ticketPrefix: string; waiting: number; estimatedWaitMinutes: number | null; service: { name: string } }[];
  lastEvent: { kind: string; ticket: { code: string } | null; counter: { id: string; name: string } | null } | null;
}

const officeCode = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const byId = (id: string): HTMLElement => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the board page lacks #${id}`);
  return element;
};

function setConnection(state: 'connecting' | 'connected' | 'offline'): void {
  const element = byId('connection');
  element.dataset['state'] = state;
  element.textContent = { connecting: 'Menyambungkan…', connected: 'Langsung', offline: 'Terputus — menyambung ulang…' }[state];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

function render(state: BoardState): void {
  byId('office').textContent = state.office.name;
  document.title = `Antrian — ${state.office.name}`;
  const calledAt = state.lastEvent?.kind === 'TICKET_CALLED' || state.lastEvent?.kind === 'TICKET_RECALLED' ? state.lastEvent.counter?.id : undefined;

  byId('counters').replaceChildren(
    ...state.counters.map((counter) => {
      const item = element('li', 'counter', '');
      item.dataset['open'] = String(counter.open);
      item.dataset['counter'] = counter.code;
      if (counter.id === calledAt) item.classList.add('fresh');
      item.append(element('div', 'name', counter.name), element('div', 'ticket', counter.nowServing?.code ?? (counter.open ? '—' : 'Tutup')));
      return item;
    }),
  );

  byId('services').replaceChildren(
    ...state.services.map((line) => {
      const item = element('li', '', '');
      const eta = line.estimatedWaitMinutes === null ? 'Loket belum buka' : `± ${line.estimatedWaitMinutes} menit`;
      item.append(element('span', 'letter', line.ticketPrefix), element('span', 'service', line.service.name), element('span', 'count', String(line.waiting)), element('span', 'eta', eta));
      return item;
    }),
  );

  const event = state.lastEvent;
  if ((event?.kind === 'TICKET_CALLED' || event?.kind === 'TICKET_RECALLED') && event.ticket !== null && event.counter !== null) {
    byId('announcement').textContent = `Nomor ${event.ticket.code} silakan ke ${event.counter.name}`;
  }
}

function tick(): void {
  byId('clock').textContent = new Date().toLocaleTimeString('id-ID', { timeZone: 'Asia/Jakarta', hour: '2-digit', minute: '2-digit' });
}

function start(): void {
  tick();
  setInterval(tick, 15_000);
  const client = createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    // 1 s, 2 s, 4 s ... up to 30 s, with jitter, so a restarted hub is not stormed by every board at once.
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 1_000 * 2 ** retries) * (0.5 + Math.random() / 2))),
    keepAlive: 10_000,
    on: {
      connected: () => setConnection('connected'),
      closed: () => setConnection('offline'),
      connecting: () => setConnection('connecting'),
    },
  });
  const subscribe = (): void => {
    client.subscribe<{ queueUpdated: BoardState }>(
      { query: QUERY, variables: { officeCode } },
      {
        next: (result) => {
          if (result.data) render(result.data.queueUpdated);
          else if (result.errors) byId('office').textContent = result.errors[0]?.message ?? 'Kantor tidak ditemukan';
        },
        error: () => setTimeout(subscribe, 5_000),
        complete: () => setTimeout(subscribe, 1_000),
      },
    );
  };
  subscribe();
}

start();
