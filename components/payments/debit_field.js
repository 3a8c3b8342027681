// Confirms a SEPA direct debit SetupIntent with the processor from the browser (Stripe.js confirmSepaDebitSetup).
// The account details are passed as {sepa_debit: {iban}}, which Stripe.js accepts in place of its IBAN Element and
// which localstripe's Stripe.js stand-in (no IBAN Element there) forwards as it is.
// Stripe.js comes from stripe_loader.js (a dependency of the element, named in the import map).
import { stripeFor } from "stripe_loader";

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
      this.stripe = await stripeFor(this.$props);
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
