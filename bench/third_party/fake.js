// telegram-test-api 4.2.1 (npm; not written by this team) started as a Bot API server for
// bench/e2e_third_party.py, with the seven additions numbered below and nothing else changed.
// Run: NODE_PATH=<its node_modules> node fake.js PORT FILES_DIR SLOW_MS
const path = require('path');
const fs = require('fs');
const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index');

const port = Number(process.argv[2]);
const filesDir = process.argv[3];
const slowMs = Number(process.argv[4] || 0);
let server;
const ok = (res, result) => res.json({ ok: true, result });

// 1. getMe without is_bot: PTB (like the Bot API's User type) requires it.
// 2. setMyCommands is not implemented: accepted as a no-op.
// 3. getUpdates answers at once even when empty: held up to `timeout` seconds (capped at
//    2 s) until a user update arrives, as Telegram's long polling does; content unchanged.
// 4. getFile and the file download are not implemented: files of filesDir, by name
//    (file_id = file name); a name starting with "slow" is held slowMs before its bytes.
routes.unshift((app, tg) => {
  app.all('/bot:token/getMe', (req, res) => ok(res, {
    id: 666, is_bot: true, first_name: 'Test First name', username: 'TestNameBot' }));
  app.all('/bot:token/setMyCommands', (req, res) => ok(res, true));
  app.all('/bot:token/getUpdates', (req, res) => {
    const token = req.params.token;
    const wait = Math.min(Number((req.body || {}).timeout || 0), 2) * 1000;
    const started = Date.now();
    const poll = () => {
      const waiting = tg.storage.userMessages.some((u) => u.botToken === token && !u.isRead);
      if (waiting || Date.now() - started >= wait) {
        ok(res, tg.getUpdates(token));
      } else {
        setTimeout(poll, 50);
      }
    };
    poll();
  });
  app.all('/bot:token/getFile', (req, res) => {
    const id = String((req.body || {}).file_id || req.query.file_id || '');
    const file = path.join(filesDir, path.basename(id));
    if (!fs.existsSync(file)) { res.status(400).json({ ok: false, error_code: 400, description: 'Bad Request: invalid file_id' }); return; }
    ok(res, { file_id: id, file_unique_id: id, file_size: fs.statSync(file).size, file_path: 'photos/' + path.basename(id) });
  });
  app.get('/file/bot:token/photos/:name', (req, res) => {
    const file = path.join(filesDir, path.basename(req.params.name));
    const send = () => res.sendFile(file);
    if (req.params.name.startsWith('slow')) setTimeout(send, slowMs); else send();
  });
  // 7. editMessageText / editMessageReplyMarkup answer `result: null`; the Bot API answers
  //    the edited message or true. The fake's own edit is done, then true is answered.
  app.all('/bot:token/editMessageText', (req, res) => { tg.editMessageText(req.body); ok(res, true); });
  app.all('/bot:token/editMessageReplyMarkup', (req, res) => {
    tg.editMessageReplyMarkup(req.body);
    ok(res, true);
  });
});

// 5. The date of a message the bot sends is in milliseconds; the Bot API says Unix time.
const addBotMessage = TelegramServer.prototype.addBotMessage;
TelegramServer.prototype.addBotMessage = function (raw, token) {
  const msg = addBotMessage.call(this, raw, token);
  return { ...msg, date: Math.floor(msg.date / 1000) };
};

// 6. A callback query comes without chat_instance, which the Bot API always sends (PTB
//    cannot read the update without it): the chat id is given as its chat_instance.
const formatUpdate = TelegramServer.formatUpdate;
TelegramServer.formatUpdate = function (update) {
  const formatted = formatUpdate.call(this, update);
  if (formatted.callback_query) {
    formatted.callback_query.chat_instance = String(formatted.callback_query.from.id);
  }
  return formatted;
};

server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 3600 });
server.start().then(() => console.log('ready ' + server.config.apiURL));
process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
