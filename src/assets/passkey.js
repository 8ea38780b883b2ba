// The passkey ceremony, the one part of a sign-in that needs JavaScript. Each passkey form
// carries its WebAuthn options (from @simplewebauthn/server) in data-options; on submit, the
// browser's WebAuthn API runs through @simplewebauthn/browser (served from /assets, nothing
// external), and the form is posted as an ordinary form with the signed response.
(function () {
  'use strict';

  function run(form) {
    var options = JSON.parse(form.getAttribute('data-options'));
    var browser = SimpleWebAuthnBrowser;
    // Creation options name the user; request options do not.
    var ceremony = options.user
      ? browser.startRegistration({ optionsJSON: options })
      : browser.startAuthentication({ optionsJSON: options });
    return ceremony.then(function (response) {
      form.querySelector('input[name="response"]').value = JSON.stringify(response);
    });
  }

  document.querySelectorAll('form.passkey').forEach(function (form) {
    // Marks the form as handled here; a submit before this runs would post an empty
    // response, which the server answers with the page and a clear message.
    form.setAttribute('data-armed', 'true');
    form.addEventListener('submit', function (event) {
      if (form.getAttribute('data-ready') === 'true') return; // the signed response is in
      event.preventDefault();
      var button = form.querySelector('button');
      button.disabled = true;
      run(form)
        .catch(function () {
          // Cancelled or refused: an empty response, which the server answers with the
          // page and its error message, in the page's language.
          form.querySelector('input[name="response"]').value = '';
        })
        .then(function () {
          form.setAttribute('data-ready', 'true');
          button.disabled = false;
          form.submit();
        });
    });
  });
})();
