using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Management.Automation;
using System.Text;
using Spuff.Core;
using Spuff.PowerShell.Internal;

namespace Spuff.PowerShell.Commands
{
    /// <summary>
    /// Opens an interactive shell on an instance: OpenSSH's ssh for cloud instances (the user's ~/.ssh/config,
    /// agent and keys apply; Spuff's known-hosts file is checked strictly, after Spuff learnt the key on first
    /// contact), `docker exec -it` for containers. With -Command it runs that command instead, non-interactively,
    /// and writes its standard output lines.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "SpuffInstance", HelpUri = HelpUris.ConnectSpuffInstance)]
    [OutputType(typeof(string))]
    public sealed class ConnectSpuffInstanceCommand : SpuffCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ProviderInstance? InputObject { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateSpuffText(MaxLength = 64)]
        public string? User { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? IdentityFile { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int SshPort { get; set; } = 22;

        /// <summary>Run this command instead of an interactive shell and write its output.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Command { get; set; }

        private bool _connected;

        protected override void Process()
        {
            var instance = InputObject!;
            CurrentTarget = instance;
            if (_connected)
            {
                throw ProviderException.InvalidConfig("InputObject", "Connect-SpuffInstance connects to one instance at a time; pipe a single instance.");
            }

            _connected = true;
            var type = ProviderTypeInfo.Parse(instance.Provider);
            var access = RemoteAccessParameters.Build(this, User, IdentityFile == null ? null : new[] { IdentityFile }, SshPort, ProviderTimeouts.Default.HttpRequest);
            ConnectCommandLine line;
            if (type == ProviderType.Docker)
            {
                line = ConnectCommandLine.ForDocker(ProvidersBridge.DockerEndpoint(), instance.Id, User, Command);
            }
            else
            {
                if (!ProviderInstance.HasUsableAddress(instance.GetIPAddress()))
                {
                    throw ProviderException.InvalidConfig("InputObject", $"instance {instance} has no IP address yet; wait until it is ready (Wait-SpuffInstance).");
                }

                var log = new CmdletProviderLog(this);
                RunAsync(async cancellationToken =>
                {
                    await ProvidersBridge.EnsureHostKeyAsync(instance, access, log, cancellationToken).ConfigureAwait(false);
                });
                line = ConnectCommandLine.ForSsh(
                    instance.GetIPAddress()!.ToString(),
                    SshPort,
                    User ?? LoginUser.For(instance),
                    access.IdentityFiles.Count > 0 ? access.IdentityFiles[0] : null,
                    KnownHostsLocation.Default,
                    ProvidersBridge.HostKeyAlias(instance, SshPort),
                    Command);
            }

            WriteVerbose("Starting: " + line);
            Start(line, instance);
        }

        private void Start(ConnectCommandLine line, ProviderInstance instance)
        {
            var capture = Command != null;
            var start = new ProcessStartInfo(line.FileName, line.ArgumentString)
            {
                UseShellExecute = false,
                RedirectStandardOutput = capture,
                RedirectStandardError = capture,
            };
            if (capture)
            {
                start.StandardOutputEncoding = Encoding.UTF8;
                start.StandardErrorEncoding = Encoding.UTF8;
            }

            System.Diagnostics.Process process;
            try
            {
                process = System.Diagnostics.Process.Start(start) ?? throw new Win32Exception("no process was started");
            }
            catch (Win32Exception e)
            {
                throw ProviderException.NotSupported($"starting '{line.FileName}' ({e.Message}). Install the {(line.FileName == "ssh" ? "OpenSSH client" : "docker CLI")} and put it on PATH.");
            }

            using (process)
            {
                var watch = Stopwatch.StartNew();
                string stdout = string.Empty;
                string stderr = string.Empty;
                if (capture)
                {
                    var errorTask = process.StandardError.ReadToEndAsync();
                    stdout = process.StandardOutput.ReadToEnd();
                    stderr = errorTask.Result;
                }

                process.WaitForExit();
                SessionState.PSVariable.Set("global:LASTEXITCODE", process.ExitCode);
                if (!capture)
                {
                    return;
                }

                foreach (var text in stdout.Replace("\r\n", "\n").TrimEnd('\n').Split('\n'))
                {
                    if (stdout.Length > 0)
                    {
                        WriteObject(text);
                    }
                }

                if (process.ExitCode != 0)
                {
                    WriteError(RemoteErrors.CommandFailed(new CommandResult(instance, Command!, process.ExitCode, stdout, stderr, watch.Elapsed)));
                }
                else if (stderr.Length > 0)
                {
                    WriteVerbose(stderr.TrimEnd());
                }
            }
        }
    }
}
