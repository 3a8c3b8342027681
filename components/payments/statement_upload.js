// Upload a bank statement: a labelled native file input, and the chosen file sent as the raw body of one POST to
// our own bounded route (10 MB, refused while it streams). The answer (what was imported) goes to the server side.
export default {
  template: `
    <div class="column" style="gap:4px">
      <label :for="inputId" class="text-sm text-weight-medium">{{ label }}</label>
      <input :id="inputId" ref="input" type="file" :disabled="busy" :aria-describedby="inputId + '-hint'"
             class="text-sm" style="max-width:100%" @change="chosen">
      <div :id="inputId + '-hint'" class="text-xs text-grey-8">{{ hint }}</div>
      <div role="status" aria-live="polite" class="text-sm">{{ status }}</div>
      <div role="alert" class="text-sm text-negative">{{ error }}</div>
    </div>`,
  props: {
    url: String,
    label: String,
    hint: String,
    inputId: String,
    maxBytes: Number,
    texts: Object,
  },
  data() {
    return { busy: false, status: "", error: "" };
  },
  methods: {
    async chosen() {
      const input = this.$refs.input;
      const file = input.files && input.files[0];
      if (!file) return;
      this.error = "";
      this.status = "";
      if (file.size > this.maxBytes) {
        this.error = this.texts.tooLarge;
        input.value = "";
        return;
      }
      this.busy = true;
      this.status = this.texts.uploading;
      try {
        const response = await fetch(this.url, {
          method: "POST",
          body: file,
          credentials: "same-origin",
          headers: { "X-File-Name": encodeURIComponent(file.name), "Content-Type": "application/octet-stream" },
        });
        let answer = {};
        try {
          answer = await response.json();
        } catch (error) {
          answer = {};
        }
        this.status = "";
        if (response.ok) {
          this.$emit("imported", answer);
        } else {
          this.error = answer.message || this.texts.failed;
        }
      } catch (error) {
        this.status = "";
        this.error = this.texts.failed;
      } finally {
        this.busy = false;
        input.value = "";
      }
    },
  },
};
