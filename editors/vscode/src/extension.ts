// Starts `compose-lint server` for compose files, Prometheus configurations
// and the monitoring files they mount, and shows its diagnostics and quick
// fixes. All the logic is in the server; this only launches it.

import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace
    .getConfiguration("compose-lint")
    .get<string>("path", "compose-lint");
  const serverOptions: ServerOptions = {
    command,
    args: ["server"],
  };
  const yamlFiles = [
    "**/compose*.{yaml,yml}",
    "**/docker-compose*.{yaml,yml}",
    "**/prometheus*.{yaml,yml}",
    "**/*rules*.{yaml,yml}",
    "**/*alert*.{yaml,yml}",
    // Any YAML file: a configuration mounted into a container can have any
    // name; the server lints only files a project reads.
    "**/*.{yaml,yml}",
  ];
  const clientOptions: LanguageClientOptions = {
    documentSelector: yamlFiles.map((pattern) => ({ scheme: "file", pattern })),
    synchronize: {
      // Files a project reads that are not open: re-lint when they change.
      fileEvents: vscode.workspace.createFileSystemWatcher(
        "**/{*.yaml,*.yml,*.json,.env,*.env,Dockerfile*,compose-lint.toml}"
      ),
    },
  };
  client = new LanguageClient(
    "compose-lint",
    "compose-lint",
    serverOptions,
    clientOptions
  );
  context.subscriptions.push(client);
  return client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
