using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Security.Cryptography;
using Spuff.Core;
using Spuff.PowerShell.Completion;
using Spuff.PowerShell.Internal;

namespace Spuff.PowerShell.Commands
{
    /// <summary>
    /// Creates an instance. Without -Wait it writes the instance as soon as the provider has created it. With
    /// -Wait it writes it once, when it is ready; if the wait fails it writes the created instance and a
    /// non-terminating WaitTimedOut (or InstanceNotFound) error whose TargetObject is that instance, so a created
    /// instance is never lost.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "SpuffInstance", HelpUri = HelpUris.NewSpuffInstance, SupportsShouldProcess = true, DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(ProviderInstance))]
    public sealed class NewSpuffInstanceCommand : SpuffCmdlet
    {
        private const string DefaultSet = "Default";
        private const string UserDataSet = "UserData";
        private const string UserDataPathSet = "UserDataPath";
        private const int MaxUserDataCharacters = 1024 * 1024;
        private volatile ProviderInstance? _createdNotWritten;
        private HashSet<string> _commandLine = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        // The create request in flight ("name on provider"), so Ctrl+C can say what may exist.
        private volatile string[]? _creating;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProviderNameCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string Provider { get; set; } = string.Empty;

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateSpuffText]
        public string? Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(RegionCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string? Region { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(SizeCompleter))]
        [ValidateSpuffText(MaxLength = 64)]
        public string? Size { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ImageCompleter))]
        [ValidateSpuffText]
        public string? Image { get; set; }

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("SnapshotId")]
        [SnapshotTransformation]
        [ValidateNotNull]
        public Snapshot? FromSnapshot { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = UserDataSet, ValueFromPipelineByPropertyName = true)]
        [ValidateSpuffText(MaxLength = MaxUserDataCharacters, AllowSpaces = true, AllowLineBreaks = true)]
        public string UserData { get; set; } = string.Empty;

        [Parameter(Mandatory = true, ParameterSetName = UserDataPathSet)]
        [ValidateSpuffText(MaxLength = 4096, AllowSpaces = true)]
        public string UserDataPath { get; set; } = string.Empty;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [LabelTransformation]
        [ValidateNotNull]
        public Hashtable? Label { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSpuffText(AllowSpaces = true)]
        public string[]? SshKey { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Implies -Wait, then also waits until the SSH port accepts connections.</summary>
        [Parameter]
        public SwitchParameter UntilSsh { get; set; }

        [Parameter]
        [ValidateRange(1, 65535)]
        public int SshPort { get; set; } = 22;

        [Parameter]
        [TimeoutTransformation]
        [ValidateTimeout]
        public TimeSpan? Timeout { get; set; }

        /// <summary>Implies -Wait; after the instance is ready and an SSH login works, waits until cloud-init is done.</summary>
        [Parameter]
        public SwitchParameter UntilCloudInit { get; set; }

        /// <summary>The login user for -UntilCloudInit (default: per provider and image).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateSpuffText(MaxLength = 64)]
        public string? User { get; set; }

        /// <summary>Private keys for the -UntilCloudInit login (default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateExistingFile]
        public string[]? IdentityFile { get; set; }

        /// <summary>Records an expiry (label spuff-expires) that Get-SpuffInstance -Expired finds: '4h', '30m', '2d' or a TimeSpan.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? TimeToLive { get; set; }

        /// <summary>Adds a cloud-init part that powers the machine off after this long without an SSH connection.</summary>
        [Parameter]
        [DurationTransformation]
        public TimeSpan? IdleShutdown { get; set; }

        protected override void Begin()
        {
            // Parameters bound now came from the command line; the rest may come from each piped record.
            _commandLine = new HashSet<string>(MyInvocation.BoundParameters.Keys, StringComparer.OrdinalIgnoreCase);
        }

        protected override void Process()
        {
            _createdNotWritten = null;
            var type = ProviderTypeInfo.Parse(Provider);

            // A piped snapshot binds -FromSnapshot, and by property name its own Name too: that names the
            // snapshot, not the new instance (a record with a SnapshotId column carries no snapshot name).
            var nameIsSnapshots = FromSnapshot != null && !_commandLine.Contains(nameof(FromSnapshot)) && !_commandLine.Contains(nameof(Name)) &&
                !string.IsNullOrEmpty(FromSnapshot.Name) && string.Equals(FromSnapshot.Name, Name, StringComparison.Ordinal);
            var name = string.IsNullOrEmpty(Name) || nameIsSnapshots ? DefaultName() : Name!;
            CurrentTarget = name;
            var request = BuildRequest(name, type);
            var untilCloudInit = UntilCloudInit.IsPresent;
            var access = untilCloudInit ? RemoteAccessParameters.Build(this, User, IdentityFile, SshPort, ProviderTimeouts.Default.HttpRequest) : null;
            var timeout = Timeout;
            var provider = CreateProvider(type, Region, t => timeout.HasValue ? t.WithInstanceReady(timeout.Value) : t);

            if (!ShouldProcess($"{name} on {type.GetName()}", "Create instance"))
            {
                return;
            }

            var wait = Wait.IsPresent || UntilSsh.IsPresent || UntilCloudInit.IsPresent;
            var untilSsh = UntilSsh.IsPresent;
            var sshPort = SshPort;
            var imageParameter = FromSnapshot != null ? nameof(FromSnapshot) : nameof(Image);
            var userDataParameter = ParameterSetName == UserDataPathSet ? nameof(UserDataPath) : nameof(UserData);
            var log = new CmdletProviderLog(this);
            RunAsync(async cancellationToken =>
            {
                _creating = new[] { name, type.GetName() };
                ProviderInstance created;
                try
                {
                    created = await provider.CreateInstanceAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (ProviderException error) when (error.Field != null)
                {
                    // Name the parameter the user typed, not the request field it became.
                    throw ParameterNames.Rename(ParameterNames.Rename(error, "Image", imageParameter), "UserData", userDataParameter);
                }
                finally
                {
                    // Once stopping, OnStopping (which runs after the cancel) still needs to know what was in flight.
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        _creating = null;
                    }
                }

                EmitVerbose($"Created instance {created.Name} ({created.Id}) on {created.Provider}.");
                if (!wait)
                {
                    Emit(created);
                    return;
                }

                _createdNotWritten = created;
                var progress = new ProgressReporter(this, $"Waiting for {created.Name} ({created.Id})", timeout ?? ProviderTimeouts.Default.InstanceReady);
                try
                {
                    var ready = await provider.WaitReadyAsync(created.Id, progress, cancellationToken).ConfigureAwait(false);
                    if (untilSsh)
                    {
                        var timeouts = timeout.HasValue ? new ProviderTimeouts(sshConnect: timeout.Value) : ProviderTimeouts.Default;
                        ready = await ProvidersBridge.WaitForPortAsync(ready, sshPort, timeouts, progress, cancellationToken).ConfigureAwait(false);
                    }

                    if (untilCloudInit)
                    {
                        var timeouts = timeout.HasValue ? new ProviderTimeouts(sshConnect: timeout.Value, cloudInit: timeout.Value) : ProviderTimeouts.Default;
                        ready = await ProvidersBridge.WaitForCloudInitAsync(provider, ready, access!, timeouts, progress, log, cancellationToken).ConfigureAwait(false);
                    }

                    Emit(ready);
                }
                catch (ProviderException error)
                {
                    // Never lose a created instance: write it, then say why the wait ended.
                    Emit(created);
                    EmitError(error, created, ErrorContext.Wait);
                }
                finally
                {
                    progress.Complete();
                }

                _createdNotWritten = null;
            });
        }

        protected override void OnStopping()
        {
            var created = _createdNotWritten;
            var creating = _creating;
            if (created == null && creating != null)
            {
                // Ctrl+C while the create request was in flight: the provider may have acted on it.
                WarnHost(
                    $"Stopped while creating instance '{creating[0]}' on {creating[1]}; the provider may have created it. " +
                    $"Find it with: {ErrorMapper.FindCommand(creating[1], creating[0])} (running the same command again reports it instead of creating a second one).");
                return;
            }

            if (created == null)
            {
                return;
            }

            // Ctrl+C during -Wait: the pipeline can take no more objects, so tell the user what is still running.
            try
            {
                Host?.UI?.WriteWarningLine(
                    $"Stopped while waiting for instance {created.Name} ({created.Id}) on {created.Provider}; it still exists. " +
                    $"Remove it with: Remove-SpuffInstance -Provider {created.Provider} -Id {created.Id} -Force");
            }
            catch (Exception)
            {
                // A host without UI: the instance is still listed by Get-SpuffInstance.
            }
        }

        private void WarnHost(string message)
        {
            try
            {
                Host?.UI?.WriteWarningLine(message);
            }
            catch (Exception)
            {
                // A host without UI: the instance, if made, is still listed by Get-SpuffInstance.
            }
        }

        private InstanceRequest BuildRequest(string name, ProviderType type)
        {
            var request = new InstanceRequest(name, Region, Size);
            if (FromSnapshot != null)
            {
                if (Image != null)
                {
                    throw ProviderException.InvalidConfig("FromSnapshot", "pass either -Image or -FromSnapshot, not both.");
                }

                if (!string.IsNullOrEmpty(FromSnapshot.Provider) &&
                    (!ProviderTypeInfo.TryParse(FromSnapshot.Provider, out var snapshotType) || snapshotType != type))
                {
                    throw ProviderException.InvalidConfig("FromSnapshot", $"the snapshot {FromSnapshot} belongs to {FromSnapshot.Provider}, not {type.GetName()}.");
                }

                request.Image = FromSnapshot.ToImageSpec();
            }
            else if (Image != null)
            {
                request.Image = ImageSpec.Parse(Image);
            }

            if (ParameterSetName == UserDataSet)
            {
                request.UserData = UserData;
            }
            else if (ParameterSetName == UserDataPathSet)
            {
                string path;
                try
                {
                    path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(UserDataPath);
                }
                catch (Exception error) when (error is ProviderNotFoundException || error is System.Management.Automation.DriveNotFoundException || error is NotSupportedException || error is ArgumentException)
                {
                    throw ProviderException.InvalidConfig("UserDataPath", $"'{UserDataPath}' is not a file system path: {error.Message}");
                }

                request.UserData = UserDataFile.Read(path, type);
            }

            if (Label != null)
            {
                foreach (DictionaryEntry entry in Label)
                {
                    var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture);
                    if (string.IsNullOrWhiteSpace(key))
                    {
                        throw ProviderException.InvalidConfig("Label", "a label key is empty.");
                    }

                    request.Labels[key!] = Convert.ToString(entry.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                }
            }

            foreach (var key in SshKey ?? Array.Empty<string>())
            {
                request.SshKeys.Add(key);
            }

            ApplyMachineOptions(request, type);
            return request;
        }

        // -TimeToLive, -IdleShutdown and the login user: labels and user data every provider carries as they are.
        private void ApplyMachineOptions(InstanceRequest request, ProviderType type)
        {
            if (TimeToLive.HasValue)
            {
                if (TimeToLive.Value <= TimeSpan.Zero || TimeToLive.Value > TimeSpan.FromDays(3650))
                {
                    throw ProviderException.InvalidConfig("TimeToLive", $"{TimeToLive.Value} is not a time to live; use a positive duration such as '4h' (at most 3650 days).");
                }

                request.Labels[Expiry.Label] = Expiry.Format(DateTimeOffset.UtcNow + TimeToLive.Value);
            }

            if (IdleShutdown.HasValue)
            {
                if (type == ProviderType.Docker)
                {
                    throw ProviderException.InvalidConfig("IdleShutdown", "a container costs nothing while idle and has no cloud-init; use -TimeToLive and Get-SpuffInstance -Expired instead.");
                }

                request.UserData = Core.IdleShutdown.Merge(request.UserData, IdleShutdown.Value);
            }

            var user = LoginUser.ForCreate(type.GetName(), request.Image);
            if (user != null && !request.Labels.ContainsKey(LoginUser.Label))
            {
                request.Labels[LoginUser.Label] = user;
            }
        }

        private static string DefaultName()
        {
            var bytes = new byte[4];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }

            return "spuff-" + BitConverter.ToString(bytes).Replace("-", string.Empty).ToLowerInvariant();
        }
    }
}
