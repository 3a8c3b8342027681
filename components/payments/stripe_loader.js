// Stripe.js, loaded on first use from the one origin the Content-Security-Policy allows, once for the whole page
// (the card and the SEPA debit fields import it from here).
function loadStripe(url) {
  if (window.Stripe) return Promise.resolve();
  if (!window.__portalStripeLoading) {
    window.__portalStripeLoading = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = resolve;
      script.onerror = () => {
        window.__portalStripeLoading = null;
        reject(new Error("Stripe.js did not load"));
      };
      document.head.appendChild(script);
      setTimeout(() => reject(new Error("Stripe.js took too long")), 15000);
    });
  }
  return window.__portalStripeLoading;
}

// A Stripe.js instance for the element's props (publishableKey, scriptUrl, locale); rejects when Stripe.js is missing.
export async function stripeFor(props) {
  await loadStripe(props.scriptUrl);
  return window.Stripe(props.publishableKey, { locale: props.locale || "auto" });
}
