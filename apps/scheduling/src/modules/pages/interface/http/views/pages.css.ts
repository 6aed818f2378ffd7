/**
 * The one stylesheet of the token pages (served at /a/pages.css, /p/pages.css, /me/pages.css).
 * Sizes in rem so 200 % text reflows; one column that fits a 320 px screen; a focus ring that
 * no background hides; contrast of at least 4.5:1 everywhere.
 */
export const PAGES_CSS = `*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff;-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:40rem;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
p,li,dd{overflow-wrap:anywhere}
a{color:#0b4f9c}
a:hover{color:#06346a}
:focus-visible{outline:3px solid #b3001b;outline-offset:2px}
nav.lang{display:flex;flex-wrap:wrap;gap:.75rem;justify-content:flex-end;font-size:.95rem}
nav.lang [aria-current]{font-weight:700;text-decoration:none;color:#1a1a1a}
.card{border:1px solid #767676;border-radius:.5rem;padding:1rem;margin:1rem 0}
.ok{border-color:#1d6b2f;background:#eef7ef}
.warn{border-color:#8a5300;background:#fff6e5}
dl{margin:0}dt{font-weight:700}dd{margin:0 0 .75rem}
ul{padding-left:1.25rem}
form{margin:.75rem 0}
button{font:inherit;font-weight:600;min-height:2.75rem;min-width:2.75rem;padding:.6rem 1rem;border-radius:.4rem;border:2px solid #0b4f9c;background:#0b4f9c;color:#fff;cursor:pointer;width:100%}
button.secondary{background:#fff;color:#0b4f9c}
button:hover{background:#06346a;color:#fff}
label{display:block;font-weight:600;margin:.5rem 0 .25rem}
textarea{font:inherit;width:100%;min-height:6rem;padding:.5rem;border:2px solid #595959;border-radius:.4rem}
fieldset{border:1px solid #767676;border-radius:.5rem;margin:0 0 1rem;padding:.5rem 1rem}
legend{font-weight:700;padding:0 .25rem}
fieldset label{display:inline-flex;align-items:center;gap:.4rem;font-weight:400;margin:.25rem 1rem .25rem 0;min-height:2.75rem}
input[type=radio]{width:1.25rem;height:1.25rem}
.error{color:#b3001b;font-weight:700}
.muted{color:#4d4d4d}
`;
