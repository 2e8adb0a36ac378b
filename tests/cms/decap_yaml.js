// Front matter as Decap CMS 3 writes it: decap-cms-core's YAML formatter (`toFile`: the `yaml`
// library's createNode, keys in the form's order, Document.toString) inside `---` fences.
// Reads {"data": {...}, "body": "..."} as JSON on stdin, prints the file.
const yaml = require("yaml");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { data, body } = JSON.parse(input);
  const node = yaml.createNode(data);
  const doc = new yaml.Document();
  doc.contents = node;
  process.stdout.write(`---\n${doc.toString()}---\n${body}`);
});
