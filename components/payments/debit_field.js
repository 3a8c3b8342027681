// Confirms a SEPA direct debit SetupIntent with the processor from the browser (Stripe.js confirmSepaDebitSetup).
// The account details are passed as {sepa_debit: {iban}}, which Stripe.js accepts in place of its IBAN Element and
// which localstripe's Stripe.js stand-in (no IBAN Element there) forwards as it is.
// Stripe.js is loaded on first use, from the one origin the Content-Security-Policy allows.
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

export default {
  template: `<span></span>`,
  props: {
    publishableKey: String,
    scriptUrl: String,
    locale: String,
    texts: Object,
  },
  async mounted() {
    try {
      await loadStripe(this.scriptUrl);
      this.stripe = window.Stripe(this.publishableKey, { locale: this.locale || "auto" });
      this.$emit("ready");
    } catch (error) {
      this.$emit("unavailable");
    }
  },
  methods: {
    // Answers {setup_intent} or {error}.
    async confirmDebit(clientSecret, iban, billingDetails) {
      if (!this.stripe) return { error: this.texts.notReady };
      try {
        const result = await this.stripe.confirmSepaDebitSetup(clientSecret, {
          payment_method: { sepa_debit: { iban: iban }, billing_details: billingDetails },
        });
        if (result.error) return { error: result.error.message || this.texts.notConfirmed };
        return { setup_intent: result.setupIntent.id };
      } catch (error) {
        return { error: this.texts.notConfirmed };
      }
    },
  },
};
