// Korean and English. The browser's language chooses at first (Korean for any "ko" preference, English otherwise);
// the switch changes it for this tab. Amounts are always "130,000원"; times are Seoul time with the zone named.
// Problems are shown by their `code`; the server's English `detail` is never shown.

const messages = {
  en: {
    'app.name': 'stagedoor',
    'app.tagline': 'Concert tickets, fairly in line',
    'lang.label': 'Language',
    'nav.concerts': 'Concerts',
    'nav.balance': 'Balance',
    'nav.signOut': 'Sign out',
    'nav.signedInAs': 'Signed in as user {userId}',
    'nav.main': 'Main',

    'signIn.title': 'Sign in',
    'signIn.userId': 'User ID',
    'signIn.password': 'Password',
    'signIn.submit': 'Sign in',
    'signIn.demo': 'Trying it out? Demo users are 1 to 1000, all with the password stagedoor-demo.',
    'signIn.useDemo': 'Fill in demo user 42',
    'signUp.title': 'New here? Create an account',
    'signUp.name': 'Name',
    'signUp.password': 'Password (at least 12 characters)',
    'signUp.submit': 'Create account',
    'signUp.created': 'Welcome, {name}! Your user ID is {userId}; you need it to sign in.',

    'concerts.title': 'Concerts',
    'concerts.empty': 'No concerts yet.',
    'concerts.join': 'Join the queue',
    'concerts.joinFor': 'Join the queue for {title}',
    'concerts.loading': 'Loading concerts…',

    'queue.title': 'Waiting room',
    'queue.joining': 'Joining the queue…',
    'queue.position': 'You are number {position} in line',
    'queue.ahead': '{ahead} people ahead of you',
    'queue.aheadOne': '1 person ahead of you',
    'queue.aheadNone': 'Nobody is ahead of you',
    'queue.wait': 'Estimated wait: {wait}',
    'queue.waitSoon': 'Estimated wait: less than a minute',
    'queue.waitUnknown': 'Estimated wait: not known while the queue is paused',
    'queue.paused': 'The queue is paused by the organiser. You keep your place; it moves again when they resume.',
    'queue.keepOpen': 'Keep this page open. Reloading keeps your place.',
    'queue.live': 'Updates arrive live.',
    'queue.polling': 'Checking every few seconds.',
    'queue.admitted': "You're in! Choose a date and a seat.",
    'queue.sessionEnds': 'Your booking time ends at {time}.',
    'queue.leave': 'Back to concerts',
    'wait.minutes': 'about {n} minutes',
    'wait.minute': 'about 1 minute',

    'dates.title': 'Choose a date',
    'dates.free': '{count} seats free',
    'dates.none': 'No dates with free seats are left.',
    'dates.choose': '{date}, {count} seats free',

    'seats.title': 'Choose a seat',
    'seats.for': 'Seats on {date}',
    'seats.legend': 'Legend',
    'seats.back': 'Other dates',
    'seats.refreshing': 'The map refreshes by itself every few seconds.',
    'seat.label': 'Seat {n}, {price}, {state}',
    'state.FREE': 'free',
    'state.HELD': 'held by someone else',
    'state.SOLD': 'sold',
    'state.MINE': 'your hold',
    'seats.taken': 'Sorry, someone else just took seat {n}. Please choose another seat.',

    'hold.title': 'Your seat',
    'hold.summary': 'Seat {n} on {date} is held for you.',
    'hold.price': 'Price: {price}',
    'hold.countdown': 'Time left to pay: {time}',
    'hold.countdownLabel': 'Time left to pay',
    'hold.expired': 'Your hold on seat {n} ran out. The seat is free again.',
    'hold.pay': 'Pay {price}',
    'hold.paying': 'Paying…',
    'hold.cancel': 'Cancel hold',
    'hold.cancelled': 'Your hold on seat {n} was cancelled.',
    'hold.balance': 'Your balance: {balance}',
    'hold.chargeFirst': 'Your balance is lower than the price. Charge it, then pay.',
    'hold.retry': 'The payment did not get through. Press Pay again: you will not be charged twice.',

    'receipt.title': 'Receipt',
    'receipt.done': 'Payment complete. Enjoy the show!',
    'receipt.concert': 'Concert',
    'receipt.date': 'Date',
    'receipt.seat': 'Seat',
    'receipt.amount': 'Amount paid',
    'receipt.paidAt': 'Paid at',
    'receipt.payment': 'Payment number',
    'receipt.balance': 'New balance',
    'receipt.again': 'Back to concerts',

    'balance.title': 'Balance',
    'balance.current': 'Current balance',
    'balance.charge': 'Charge balance',
    'balance.amount': 'Amount in won',
    'balance.submit': 'Charge',
    'balance.charging': 'Charging…',
    'balance.charged': 'Charged {amount}. Your balance is now {balance}.',
    'balance.history': 'History',
    'balance.historyEmpty': 'Nothing yet.',
    'history.when': 'When',
    'history.type': 'Type',
    'history.amount': 'Amount',
    'history.after': 'Balance after',
    'type.CHARGE': 'Charge',
    'type.PAYMENT': 'Payment',
    'type.REFUND': 'Refund',

    'operator.title': 'Operator console',
    'operator.key': 'Admin key',
    'operator.open': 'Open console',
    'operator.keyHint': 'The key is kept only for this browser tab.',
    'operator.forget': 'Forget key',
    'operator.rooms': 'Waiting rooms',
    'operator.noRooms': 'Nobody is waiting in any room right now.',
    'operator.refreshed': 'Refreshed live every 2 seconds. Last: {time}',
    'operator.concert': 'Concert',
    'operator.waiting': 'Waiting',
    'operator.active': 'Active',
    'operator.capacity': 'Capacity',
    'operator.rate': 'Admissions per minute',
    'operator.admitted': 'Admitted in the last minute',
    'operator.state': 'State',
    'operator.actions': 'Actions',
    'operator.paused': 'Paused',
    'operator.open.state': 'Open',
    'operator.pause': 'Pause room {id}',
    'operator.resume': 'Resume room {id}',
    'operator.pauseShort': 'Pause',
    'operator.resumeShort': 'Resume',
    'operator.capacityFor': 'Capacity of room {id}',
    'operator.rateFor': 'Admissions per minute of room {id}',
    'operator.save': 'Save room {id}',
    'operator.saveShort': 'Save',
    'operator.saved': 'Room {id} saved.',
    'operator.watch': 'Show a room',
    'operator.watchConcert': 'Concert to show',
    'operator.watchSubmit': 'Show room',
    'operator.create': 'Create a concert',
    'operator.concertTitle': 'Title',
    'operator.schedule': 'Date {n}',
    'operator.startsAt': 'Starts at (Seoul time)',
    'operator.seats': 'Seats',
    'operator.price': 'Price in won',
    'operator.addSchedule': 'Add a date',
    'operator.removeSchedule': 'Remove date {n}',
    'operator.createSubmit': 'Create concert',
    'operator.created': 'Created concert {id} "{title}" with {count} dates.',
    'operator.off': 'Operator routes are off on this server. Start it with STAGEDOOR_ADMIN_KEY set to a key of your choice.',

    'error.network': 'The connection failed. Check your network and try again.',
    'error.generic': 'Something went wrong ({code}). Please try again.',
    'error.INVALID_REQUEST': 'Please check what you entered.',
    'error.UNAUTHENTICATED': 'Your sign-in ended. Please sign in again.',
    'error.INVALID_CREDENTIALS': 'That user ID and password do not match.',
    'error.FORBIDDEN': 'That is not allowed for your account.',
    'error.HOLD_LIMIT_REACHED': 'You already hold as many seats as allowed for this concert.',
    'error.TICKET_LIMIT_REACHED': 'You already bought as many tickets as allowed for this concert.',
    'error.PAYLOAD_TOO_LARGE': 'That was too much to send.',
    'error.RATE_LIMITED': 'Too many tries in a short time. Wait a moment and try again.',
    'error.INVALID_AMOUNT': 'That amount cannot be charged. Choose an amount between 1원 and 10,000,000원.',
    'error.QUEUE_TOKEN_MISSING': 'Your place in the queue was lost. Join the queue again.',
    'error.QUEUE_TOKEN_INVALID': 'Your booking time ended. Join the queue again.',
    'error.QUEUE_NOT_ADMITTED': 'It is not your turn yet. Please wait in the queue.',
    'error.QUEUE_WRONG_CONCERT': 'Your queue place is for another concert.',
    'error.USER_NOT_FOUND': 'There is no such user.',
    'error.CONCERT_NOT_FOUND': 'That concert does not exist.',
    'error.SCHEDULE_NOT_FOUND': 'That date is no longer on sale.',
    'error.SEAT_NOT_FOUND': 'That seat does not exist.',
    'error.RESERVATION_NOT_FOUND': 'That hold no longer exists.',
    'error.SEAT_UNAVAILABLE': 'Someone else just took that seat. Please choose another one.',
    'error.RESERVATION_EXPIRED': 'Your hold ran out before the payment. Choose a seat again.',
    'error.RESERVATION_ALREADY_PAID': 'This seat is already paid for.',
    'error.INSUFFICIENT_BALANCE': 'Your balance is lower than the price. Charge it first.',
    'error.BALANCE_LIMIT_EXCEEDED': 'That charge would take your balance past the maximum.',
    'error.IDEMPOTENCY_KEY_REUSED': 'That request was already made differently. Please start again.',
    'error.IDEMPOTENCY_REQUEST_IN_PROGRESS': 'Your payment is still being processed. Try again in a moment.',
    'error.QUEUE_UNAVAILABLE': 'The waiting room is busy. We will try again shortly.',
    'error.SERVICE_UNAVAILABLE': 'The service is busy. Please try again shortly.',
    'error.ADMIN_KEY_INVALID': 'That admin key was refused.',
    'error.NOT_FOUND': 'Not found.',
  },
  ko: {
    'app.name': 'stagedoor',
    'app.tagline': '공정한 대기열로 만나는 공연 티켓',
    'lang.label': '언어',
    'nav.concerts': '공연',
    'nav.balance': '잔액',
    'nav.signOut': '로그아웃',
    'nav.signedInAs': '사용자 {userId}(으)로 로그인됨',
    'nav.main': '메뉴',

    'signIn.title': '로그인',
    'signIn.userId': '사용자 ID',
    'signIn.password': '비밀번호',
    'signIn.submit': '로그인',
    'signIn.demo': '체험해 보시나요? 데모 사용자는 1번부터 1000번까지이며 비밀번호는 모두 stagedoor-demo 입니다.',
    'signIn.useDemo': '데모 사용자 42 입력',
    'signUp.title': '처음이신가요? 계정 만들기',
    'signUp.name': '이름',
    'signUp.password': '비밀번호 (12자 이상)',
    'signUp.submit': '계정 만들기',
    'signUp.created': '{name}님, 환영합니다! 사용자 ID는 {userId}입니다. 로그인할 때 필요합니다.',

    'concerts.title': '공연',
    'concerts.empty': '아직 공연이 없습니다.',
    'concerts.join': '대기열 참여',
    'concerts.joinFor': '{title} 대기열 참여',
    'concerts.loading': '공연을 불러오는 중…',

    'queue.title': '대기실',
    'queue.joining': '대기열에 참여하는 중…',
    'queue.position': '대기 순번 {position}번',
    'queue.ahead': '내 앞에 {ahead}명',
    'queue.aheadOne': '내 앞에 1명',
    'queue.aheadNone': '내 앞에 아무도 없습니다',
    'queue.wait': '예상 대기 시간: {wait}',
    'queue.waitSoon': '예상 대기 시간: 1분 미만',
    'queue.waitUnknown': '예상 대기 시간: 일시 정지 중에는 알 수 없습니다',
    'queue.paused': '주최 측이 대기열을 일시 정지했습니다. 순번은 그대로 유지되며, 재개되면 다시 진행됩니다.',
    'queue.keepOpen': '이 페이지를 열어 두세요. 새로 고침해도 순번은 유지됩니다.',
    'queue.live': '실시간으로 갱신됩니다.',
    'queue.polling': '몇 초마다 확인합니다.',
    'queue.admitted': '입장했습니다! 날짜와 좌석을 선택하세요.',
    'queue.sessionEnds': '예매 가능 시간은 {time}까지입니다.',
    'queue.leave': '공연 목록으로',
    'wait.minutes': '약 {n}분',
    'wait.minute': '약 1분',

    'dates.title': '날짜 선택',
    'dates.free': '남은 좌석 {count}석',
    'dates.none': '남은 좌석이 있는 날짜가 없습니다.',
    'dates.choose': '{date}, 남은 좌석 {count}석',

    'seats.title': '좌석 선택',
    'seats.for': '{date} 좌석',
    'seats.legend': '범례',
    'seats.back': '다른 날짜',
    'seats.refreshing': '좌석 배치도는 몇 초마다 자동으로 갱신됩니다.',
    'seat.label': '{n}번 좌석, {price}, {state}',
    'state.FREE': '선택 가능',
    'state.HELD': '다른 사람이 선점 중',
    'state.SOLD': '판매 완료',
    'state.MINE': '내가 선점한 좌석',
    'seats.taken': '죄송합니다. 방금 다른 분이 {n}번 좌석을 선점했습니다. 다른 좌석을 선택해 주세요.',

    'hold.title': '선택한 좌석',
    'hold.summary': '{date} {n}번 좌석을 선점했습니다.',
    'hold.price': '가격: {price}',
    'hold.countdown': '결제 남은 시간: {time}',
    'hold.countdownLabel': '결제 남은 시간',
    'hold.expired': '{n}번 좌석 선점 시간이 끝났습니다. 좌석이 다시 풀렸습니다.',
    'hold.pay': '{price} 결제',
    'hold.paying': '결제하는 중…',
    'hold.cancel': '선점 취소',
    'hold.cancelled': '{n}번 좌석 선점을 취소했습니다.',
    'hold.balance': '내 잔액: {balance}',
    'hold.chargeFirst': '잔액이 가격보다 적습니다. 충전한 뒤 결제하세요.',
    'hold.retry': '결제가 완료되지 않았습니다. 다시 결제를 누르세요. 두 번 청구되지 않습니다.',

    'receipt.title': '영수증',
    'receipt.done': '결제가 완료되었습니다. 즐거운 공연 되세요!',
    'receipt.concert': '공연',
    'receipt.date': '날짜',
    'receipt.seat': '좌석',
    'receipt.amount': '결제 금액',
    'receipt.paidAt': '결제 시각',
    'receipt.payment': '결제 번호',
    'receipt.balance': '결제 후 잔액',
    'receipt.again': '공연 목록으로',

    'balance.title': '잔액',
    'balance.current': '현재 잔액',
    'balance.charge': '잔액 충전',
    'balance.amount': '충전 금액 (원)',
    'balance.submit': '충전',
    'balance.charging': '충전하는 중…',
    'balance.charged': '{amount}을 충전했습니다. 현재 잔액은 {balance}입니다.',
    'balance.history': '내역',
    'balance.historyEmpty': '아직 내역이 없습니다.',
    'history.when': '일시',
    'history.type': '구분',
    'history.amount': '금액',
    'history.after': '거래 후 잔액',
    'type.CHARGE': '충전',
    'type.PAYMENT': '결제',
    'type.REFUND': '환불',

    'operator.title': '운영자 콘솔',
    'operator.key': '관리자 키',
    'operator.open': '콘솔 열기',
    'operator.keyHint': '키는 이 브라우저 탭에만 보관됩니다.',
    'operator.forget': '키 지우기',
    'operator.rooms': '대기실',
    'operator.noRooms': '지금 대기 중인 대기실이 없습니다.',
    'operator.refreshed': '2초마다 실시간 갱신. 마지막 갱신: {time}',
    'operator.concert': '공연',
    'operator.waiting': '대기',
    'operator.active': '입장',
    'operator.capacity': '최대 입장 인원',
    'operator.rate': '분당 입장',
    'operator.admitted': '최근 1분 입장',
    'operator.state': '상태',
    'operator.actions': '작업',
    'operator.paused': '일시 정지',
    'operator.open.state': '진행 중',
    'operator.pause': '대기실 {id} 일시 정지',
    'operator.resume': '대기실 {id} 재개',
    'operator.pauseShort': '일시 정지',
    'operator.resumeShort': '재개',
    'operator.capacityFor': '대기실 {id} 최대 입장 인원',
    'operator.rateFor': '대기실 {id} 분당 입장',
    'operator.save': '대기실 {id} 저장',
    'operator.saveShort': '저장',
    'operator.saved': '대기실 {id}을(를) 저장했습니다.',
    'operator.watch': '대기실 보기',
    'operator.watchConcert': '볼 공연',
    'operator.watchSubmit': '대기실 보기',
    'operator.create': '공연 만들기',
    'operator.concertTitle': '제목',
    'operator.schedule': '날짜 {n}',
    'operator.startsAt': '시작 시각 (서울 시간)',
    'operator.seats': '좌석 수',
    'operator.price': '가격 (원)',
    'operator.addSchedule': '날짜 추가',
    'operator.removeSchedule': '날짜 {n} 삭제',
    'operator.createSubmit': '공연 만들기',
    'operator.created': '공연 {id} "{title}"을(를) 날짜 {count}개로 만들었습니다.',
    'operator.off': '이 서버에서는 운영자 기능이 꺼져 있습니다. STAGEDOOR_ADMIN_KEY에 원하는 키를 지정해 서버를 시작하세요.',

    'error.network': '연결에 실패했습니다. 네트워크를 확인하고 다시 시도하세요.',
    'error.generic': '문제가 발생했습니다 ({code}). 다시 시도해 주세요.',
    'error.INVALID_REQUEST': '입력한 내용을 확인해 주세요.',
    'error.UNAUTHENTICATED': '로그인이 만료되었습니다. 다시 로그인해 주세요.',
    'error.INVALID_CREDENTIALS': '사용자 ID와 비밀번호가 일치하지 않습니다.',
    'error.FORBIDDEN': '이 계정으로는 할 수 없는 작업입니다.',
    'error.HOLD_LIMIT_REACHED': '이 공연에서 선점할 수 있는 좌석 수를 모두 사용했습니다.',
    'error.TICKET_LIMIT_REACHED': '이 공연에서 구매할 수 있는 티켓 수를 모두 사용했습니다.',
    'error.PAYLOAD_TOO_LARGE': '보낸 내용이 너무 큽니다.',
    'error.RATE_LIMITED': '짧은 시간에 너무 많이 시도했습니다. 잠시 후 다시 시도하세요.',
    'error.INVALID_AMOUNT': '충전할 수 없는 금액입니다. 1원에서 10,000,000원 사이로 입력하세요.',
    'error.QUEUE_TOKEN_MISSING': '대기열 순번을 잃었습니다. 다시 대기열에 참여하세요.',
    'error.QUEUE_TOKEN_INVALID': '예매 가능 시간이 끝났습니다. 다시 대기열에 참여하세요.',
    'error.QUEUE_NOT_ADMITTED': '아직 차례가 아닙니다. 대기열에서 기다려 주세요.',
    'error.QUEUE_WRONG_CONCERT': '다른 공연의 대기열 순번입니다.',
    'error.USER_NOT_FOUND': '존재하지 않는 사용자입니다.',
    'error.CONCERT_NOT_FOUND': '존재하지 않는 공연입니다.',
    'error.SCHEDULE_NOT_FOUND': '더 이상 판매하지 않는 날짜입니다.',
    'error.SEAT_NOT_FOUND': '존재하지 않는 좌석입니다.',
    'error.RESERVATION_NOT_FOUND': '선점 내역이 더 이상 없습니다.',
    'error.SEAT_UNAVAILABLE': '방금 다른 분이 그 좌석을 선점했습니다. 다른 좌석을 선택해 주세요.',
    'error.RESERVATION_EXPIRED': '결제 전에 선점 시간이 끝났습니다. 좌석을 다시 선택하세요.',
    'error.RESERVATION_ALREADY_PAID': '이미 결제된 좌석입니다.',
    'error.INSUFFICIENT_BALANCE': '잔액이 가격보다 적습니다. 먼저 충전하세요.',
    'error.BALANCE_LIMIT_EXCEEDED': '충전하면 최대 잔액을 넘습니다.',
    'error.IDEMPOTENCY_KEY_REUSED': '이미 다른 내용으로 처리된 요청입니다. 처음부터 다시 시도하세요.',
    'error.IDEMPOTENCY_REQUEST_IN_PROGRESS': '결제를 아직 처리하고 있습니다. 잠시 후 다시 시도하세요.',
    'error.QUEUE_UNAVAILABLE': '대기실이 혼잡합니다. 잠시 후 다시 시도합니다.',
    'error.SERVICE_UNAVAILABLE': '서비스가 혼잡합니다. 잠시 후 다시 시도하세요.',
    'error.ADMIN_KEY_INVALID': '관리자 키가 거부되었습니다.',
    'error.NOT_FOUND': '찾을 수 없습니다.',
  },
};

export const LANGUAGES = [
  { code: 'ko', name: '한국어' },
  { code: 'en', name: 'English' },
];

const LANG_KEY = 'stagedoor.lang';

/** The tab's chosen language, else the browser's first preference that we speak, else English. */
export function initialLanguage() {
  const chosen = sessionStorage.getItem(LANG_KEY);
  if (chosen && messages[chosen]) {
    return chosen;
  }
  for (const preference of navigator.languages || [navigator.language]) {
    const base = String(preference).toLowerCase().split('-')[0];
    if (messages[base]) {
      return base;
    }
  }
  return 'en';
}

export function rememberLanguage(lang) {
  sessionStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
}

/** A translator for one language: t('queue.position', {position: 3}). */
export function translator(lang) {
  const table = messages[lang] || messages.en;
  return (key, params = {}) => {
    const text = table[key] ?? messages.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  };
}

const wonFormat = new Intl.NumberFormat('ko-KR');

/** 130000 -> "130,000원", in either language. */
export function won(amount) {
  return `${wonFormat.format(amount)}원`;
}

export function count(n) {
  return wonFormat.format(n);
}

const SEOUL = 'Asia/Seoul';

/** An instant as Seoul wall-clock time with the zone named, e.g. "Thu, Dec 24, 2026, 7:00 PM KST". */
export function seoulTime(instant, lang) {
  const format = new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-US', {
    timeZone: SEOUL, year: 'numeric', month: 'short', day: 'numeric', weekday: 'short',
    hour: 'numeric', minute: '2-digit',
  });
  return `${format.format(new Date(instant))} KST`;
}

/** Only the time of day in Seoul, e.g. "7:05:09 PM KST". */
export function seoulClock(instant, lang) {
  const format = new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-US', {
    timeZone: SEOUL, hour: 'numeric', minute: '2-digit', second: '2-digit',
  });
  return `${format.format(new Date(instant))} KST`;
}

/** Seconds as m:ss, e.g. 299 -> "4:59". */
export function minutesSeconds(totalSeconds) {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The message for a problem: chosen by its `code`, never its `detail`. */
export function problemMessage(t, error) {
  if (!error) {
    return '';
  }
  if (error.code === 'NETWORK') {
    return t('error.network');
  }
  const key = `error.${error.code}`;
  const text = t(key);
  return text === key ? t('error.generic', { code: error.code || error.status }) : text;
}
