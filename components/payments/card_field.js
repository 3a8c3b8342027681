// The card processor's card fields (Stripe's card Element) inside our page. Card data stays between this element
// and the processor: the server only ever receives the ids of what the processor created.
// Stripe.js comes from stripe_loader.js (a dependency of the element, named in the import map).
import { stripeFor } from "stripe_loader";

export default {
  template: `<div ref="mount" class="w-full"></div>`,
  props: {
    publishableKey: String,
    scriptUrl: String,
    locale: String,
    texts: Object,
  },
  async mounted() {
    try {
      this.stripe = await stripeFor(this.$props);
      this.card = this.stripe.elements({ locale: this.locale || "auto" }).create("card", {
        hidePostalCode: true,
        style: { base: { fontSize: "16px", color: "#1f2937" } },
      });
      this.card.mount(this.$refs.mount);
      this.card.on("change", (event) => {
        this.$emit("change", { error: event && event.error ? event.error.message : "" });
      });
      this.$emit("ready");
    } catch (error) {
      this.$emit("unavailable");
    }
  },
  unmounted() {
    if (this.card) this.card.destroy();
  },
  methods: {
    // Confirm a SetupIntent with the card fields; answers {setup_intent} or {error}.
    async confirmSetup(clientSecret, billingDetails) {
      if (!this.card) return { error: this.texts.notReady };
      try {
        const result = await this.inFront(() =>
          this.stripe.confirmCardSetup(clientSecret, {
            payment_method: { card: this.card, billing_details: billingDetails },
          }),
        );
        if (result.error) return { error: result.error.message || this.texts.notConfirmed };
        return { setup_intent: result.setupIntent.id };
      } catch (error) {
        return { error: this.texts.notConfirmed };
      }
    },
    // Let the bank authenticate the person for a PaymentIntent that requires action (3-D Secure).
    async authenticate(clientSecret) {
      if (!this.stripe) return { error: this.texts.notReady };
      try {
        const result = await this.inFront(() => this.stripe.confirmCardPayment(clientSecret));
        return { error: result.error ? result.error.message || "" : "" };
      } catch (error) {
        return { error: this.texts.notAuthenticated };
      }
    },
    // Stripe.js puts its authentication step in an overlay of its own: keep it above our dialog, and keep the
    // dialog from pulling the keyboard focus back while the person answers it.
    async inFront(run) {
      const dialog = this.$el.closest(".q-dialog");
      const keepFocus = (event) => {
        if (dialog && !dialog.contains(event.target)) event.stopPropagation();
      };
      const raise = new MutationObserver((records) =>
        records.forEach((record) =>
          record.addedNodes.forEach((node) => {
            if (node.nodeType === 1 && !node.classList.contains("q-dialog") && node.style) node.style.zIndex = "9500";
          }),
        ),
      );
      window.addEventListener("focusin", keepFocus, true);
      raise.observe(document.body, { childList: true });
      try {
        return await run();
      } finally {
        raise.disconnect();
        window.removeEventListener("focusin", keepFocus, true);
      }
    },
  },
};
