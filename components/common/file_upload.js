// Upload a file: a labelled native file input (keyboard and screen reader friendly), and the chosen file sent as
// the raw body of one POST to our own bounded upload route. The server decides the type and enforces the limits;
// the size check here only saves a long wait. With `shareable`, staff get a "Show in portal" checkbox that goes with
// the upload. File names are shown as text, never as markup. Emits "uploaded" with the server's JSON answer.
export default {
  template: `
    <div class="column" style="gap:4px">
      <div v-if="shareable">
        <label class="row items-center text-sm" style="gap:8px">
          <input type="checkbox" v-model="portal" style="width:18px;height:18px"> {{ texts.show }}
        </label>
        <div class="text-xs text-grey-8">{{ texts.internal }}</div>
      </div>
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
    shareable: Boolean,
    // in the reader's language; "{name}" stands for the file's name. tooLarge, uploading and failed are needed;
    // attached (shown after success), unfinished (when the connection broke, else failed), show and internal are not
    texts: Object,
  },
  data() {
    return { busy: false, status: "", error: "", portal: false };
  },
  methods: {
    named(text, file) {
      return text ? text.replace("{name}", () => file.name) : "";
    },
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
      this.status = this.named(this.texts.uploading, file);
      try {
        // the choice is read here, in the browser, so it always matches the file being sent
        const response = await fetch(this.url + (this.shareable && this.portal ? "?portal=1" : ""), {
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
        if (response.ok) {
          this.status = this.named(this.texts.attached, file);
          this.$emit("uploaded", answer);
        } else {
          this.status = "";
          this.error = answer.message || this.texts.failed;
        }
      } catch (error) {
        this.status = "";
        this.error = this.texts.unfinished || this.texts.failed;
      } finally {
        this.busy = false;
        input.value = "";
      }
    },
  },
};
