/** What a person reads, in English and Brazilian Portuguese. Code stays in English. */

const en = {
  appName: 'Comanda',
  language: 'Language',
  loginTitle: 'Enter your PIN',
  loginOn: 'Terminal {terminal}',
  pinEntered: '{count} digits entered',
  pinClear: 'Clear',
  pinDelete: 'Delete last digit',
  pinSubmit: 'Log in',
  pinWrong: 'That PIN is not right: try again.',
  lock: 'Lock',
  loggedInAs: '{name} on {terminal}',
  online: 'Online',
  offline: 'Offline',
  connecting: 'Connecting…',
  offlineBanner: 'No connection. {count} waiting to be sent; they go out in order when the connection returns.',
  offlineBannerNone: 'No connection. What you do now is kept and sent when the connection returns.',
  sending: 'Sending {count}…',
  tables: 'Tables',
  table: 'Table {n}',
  tableState_free: 'free',
  tableState_open: 'open',
  tableState_sent: 'in the kitchen',
  tableState_ready: 'ready',
  tableButton: 'Table {n}, {state}',
  backToTables: 'Tables',
  order: 'Order #{n}',
  newOrder: 'New order',
  menu: 'Menu',
  searchMenu: 'Search the menu',
  allCategories: 'All',
  quantity: 'Quantity',
  less: 'One less',
  more: 'One more',
  notes: 'Notes for the next item',
  notesPlaceholder: 'e.g. no onion, medium rare',
  course: 'Course',
  courseN: 'Course {n}',
  held: 'held',
  send: 'Send',
  fireCourse: 'Fire course {n}',
  nothingToSend: 'Nothing to send',
  total: 'Total',
  emptyOrder: 'Nothing rung yet. Tap a product to add it.',
  noProducts: 'No product matches “{q}”.',
  eightySixed: "86'd: not available",
  itemStatus_NEW: 'new',
  itemStatus_FIRED: 'fired',
  itemStatus_READY: 'ready',
  itemStatus_VOIDED: 'voided',
  itemStatus_PENDING: 'waiting',
  received: '{station} received in {time}',
  receivedShort: 'received',
  notReceived: '{station}: not received yet',
  alarm: 'Table {table}, order #{n}: no {station} screen has confirmed the ticket. Check the kitchen screen.',
  alarmNoTable: 'Order #{n}: no {station} screen has confirmed the ticket. Check the kitchen screen.',
  rejected: 'Not accepted: {message}',
  dismiss: 'Dismiss',
  station_grill: 'Grill',
  station_fryer: 'Fryer',
  station_cold: 'Cold',
  station_bar: 'Bar',
  kdsTitle: '{station} station',
  allDay: 'All day',
  noTickets: 'No open tickets',
  ticketTable: 'Table {n}',
  ticketNoTable: 'Counter',
  bump: 'Bump',
  bumpTicket: 'Bump order #{n}, {table}',
  recall: 'Recall',
  recallTicket: 'Recall order #{n}, {table}',
  recallEmpty: 'Nothing bumped yet',
  close: 'Close',
  startNow: 'start now',
  startIn: 'start in {time}',
  late: 'late',
  close_: 'close',
  onTime: 'on time',
  voided: 'VOID',
  keysHint: 'Bump bar: digit selects, Enter bumps, Backspace recalls',
  expoTitle: 'Expo: the pass',
  noOrders: 'No orders in the kitchen',
  stationDone: '{station} done',
  stationCooking: '{station} cooking',
  serveOrder: 'Bump order #{n}, {table}',
  served: 'Served',
  kitchenReady: 'Ready to serve',
  customerWelcome: 'Welcome!',
  customerIdle: 'Your order will appear here as it is rung.',
  yourOrder: 'Your order',
  orderReady: 'Your order is ready!',
  choose: 'Choose a screen',
} as const;

export type MessageKey = keyof typeof en;

const ptBR: Record<MessageKey, string> = {
  appName: 'Comanda',
  language: 'Idioma',
  loginTitle: 'Digite seu PIN',
  loginOn: 'Terminal {terminal}',
  pinEntered: '{count} dígitos digitados',
  pinClear: 'Limpar',
  pinDelete: 'Apagar último dígito',
  pinSubmit: 'Entrar',
  pinWrong: 'PIN incorreto: tente de novo.',
  lock: 'Bloquear',
  loggedInAs: '{name} no {terminal}',
  online: 'Conectado',
  offline: 'Sem conexão',
  connecting: 'Conectando…',
  offlineBanner: 'Sem conexão. {count} aguardando envio; saem em ordem quando a conexão voltar.',
  offlineBannerNone: 'Sem conexão. O que você fizer agora fica guardado e é enviado quando a conexão voltar.',
  sending: 'Enviando {count}…',
  tables: 'Mesas',
  table: 'Mesa {n}',
  tableState_free: 'livre',
  tableState_open: 'aberta',
  tableState_sent: 'na cozinha',
  tableState_ready: 'pronta',
  tableButton: 'Mesa {n}, {state}',
  backToTables: 'Mesas',
  order: 'Pedido nº {n}',
  newOrder: 'Novo pedido',
  menu: 'Cardápio',
  searchMenu: 'Buscar no cardápio',
  allCategories: 'Todos',
  quantity: 'Quantidade',
  less: 'Um a menos',
  more: 'Um a mais',
  notes: 'Observação do próximo item',
  notesPlaceholder: 'ex.: sem cebola, ao ponto',
  course: 'Tempo',
  courseN: 'Tempo {n}',
  held: 'aguardando',
  send: 'Enviar',
  fireCourse: 'Disparar tempo {n}',
  nothingToSend: 'Nada a enviar',
  total: 'Total',
  emptyOrder: 'Nada lançado ainda. Toque num produto para adicionar.',
  noProducts: 'Nenhum produto com “{q}”.',
  eightySixed: 'Esgotado',
  itemStatus_NEW: 'novo',
  itemStatus_FIRED: 'na cozinha',
  itemStatus_READY: 'pronto',
  itemStatus_VOIDED: 'cancelado',
  itemStatus_PENDING: 'aguardando',
  received: '{station} recebeu em {time}',
  receivedShort: 'recebido',
  notReceived: '{station}: ainda não recebeu',
  alarm: 'Mesa {table}, pedido nº {n}: nenhuma tela da praça {station} confirmou o pedido. Verifique a tela da cozinha.',
  alarmNoTable: 'Pedido nº {n}: nenhuma tela da praça {station} confirmou o pedido. Verifique a tela da cozinha.',
  rejected: 'Não aceito: {message}',
  dismiss: 'Fechar aviso',
  station_grill: 'Grelha',
  station_fryer: 'Fritura',
  station_cold: 'Frios',
  station_bar: 'Bar',
  kdsTitle: 'Praça: {station}',
  allDay: 'Total do dia',
  noTickets: 'Nenhum pedido aberto',
  ticketTable: 'Mesa {n}',
  ticketNoTable: 'Balcão',
  bump: 'Baixar',
  bumpTicket: 'Baixar pedido nº {n}, {table}',
  recall: 'Recuperar',
  recallTicket: 'Recuperar pedido nº {n}, {table}',
  recallEmpty: 'Nada baixado ainda',
  close: 'Fechar',
  startNow: 'começar agora',
  startIn: 'começar em {time}',
  late: 'atrasado',
  close_: 'no limite',
  onTime: 'no tempo',
  voided: 'CANCELADO',
  keysHint: 'Teclado: número seleciona, Enter baixa, Backspace recupera',
  expoTitle: 'Expedição: o passe',
  noOrders: 'Nenhum pedido na cozinha',
  stationDone: '{station} pronto',
  stationCooking: '{station} preparando',
  serveOrder: 'Baixar pedido nº {n}, {table}',
  served: 'Servido',
  kitchenReady: 'Pronto para servir',
  customerWelcome: 'Bem-vindo!',
  customerIdle: 'Seu pedido aparece aqui enquanto é lançado.',
  yourOrder: 'Seu pedido',
  orderReady: 'Seu pedido está pronto!',
  choose: 'Escolha uma tela',
};

export const LANGS = ['en', 'pt-BR'] as const;
export type Lang = (typeof LANGS)[number];
const TABLES: Record<Lang, Record<MessageKey, string>> = { en, 'pt-BR': ptBR };
const KEY = 'comanda.lang';

function initial(): Lang {
  const saved = localStorage.getItem(KEY);
  if (saved === 'en' || saved === 'pt-BR') return saved;
  return navigator.language.toLowerCase().startsWith('pt') ? 'pt-BR' : 'en';
}

let lang: Lang = initial();
/** Fires 'change' when the language changes; LangController re-renders its host. */
export const langEvents = new EventTarget();

export function getLang(): Lang {
  return lang;
}

export function setLang(next: Lang): void {
  if (next === lang) return;
  lang = next;
  localStorage.setItem(KEY, next);
  document.documentElement.lang = next;
  langEvents.dispatchEvent(new Event('change'));
}

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return TABLES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** A station's name as the kitchen says it. */
export function stationName(id: string): string {
  const key = `station_${id}`;
  return key in en ? t(key as MessageKey) : id;
}

document.documentElement.lang = lang;
