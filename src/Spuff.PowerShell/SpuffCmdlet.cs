using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.PowerShell.Internal;

namespace Spuff.PowerShell
{
    /// <summary>
    /// The base of every Spuff cmdlet. Runs provider work off the pipeline thread and replays its output
    /// (objects, errors, progress, verbose, debug, warnings) on the pipeline thread while the work runs.
    /// Ctrl+C (StopProcessing) cancels the work; cancellation surfaces as PipelineStoppedException.
    /// Every failure goes through <see cref="ErrorMapper"/>: no raw .NET exception leaves a cmdlet.
    /// </summary>
    public abstract class SpuffCmdlet : PSCmdlet, IDisposable
    {
        private const int QueueCapacity = 8;
        private readonly List<IProvider> _created = new List<IProvider>();
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private BlockingCollection<Action>? _queue;
        private int _pipelineThreadId;

        /// <summary>The API token of a token provider (DigitalOcean, Hetzner): a string, a SecureString, a
        /// PSCredential (its password is the token), or a hashtable of those per provider
        /// (<c>@{ digitalocean = $do; hetzner = $hz }</c>), which is what a multi-provider call or a
        /// <c>$PSDefaultParameterValues</c> entry needs. Without it the environment variables and the official
        /// CLIs' logins are read. Empty tokens and NUL characters are refused while binding.</summary>
        [Parameter]
        [SecureStringTransformation]
        [ValidateToken]
        public object? Token { get; set; }

        /// <summary>A named credential profile (AWS).</summary>
        [Parameter]
        [ValidateSpuffText(MaxLength = 128, AllowSpaces = true)]
        [ArgumentCompleter(typeof(Completion.AwsProfileCompleter))]
        public string? ProfileName { get; set; }

        /// <summary>Cancelled by Ctrl+C, by a downstream Select-Object -First, or by a terminating error.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>The caller's progress bar that this call's bars nest under ($SpuffProgressParentId), or -1;
        /// read on the pipeline thread when the call begins.</summary>
        internal int ProgressParentActivityId { get; private set; } = -1;

        /// <summary>The id, name or object errors are reported against when nothing more precise is known.</summary>
        protected object? CurrentTarget { get; set; }

        protected sealed override void BeginProcessing()
        {
            _pipelineThreadId = Environment.CurrentManagedThreadId;
            ProgressParentActivityId = ProgressReporter.ReadParent(this);
            Guard(Begin);
        }

        protected sealed override void ProcessRecord() => Guard(Process);

        protected sealed override void EndProcessing() => Guard(End);

        protected override void StopProcessing()
        {
            // OnStopping first: Cancel runs the work's continuations inline, which may clear what OnStopping reports
            // (the snapshot or create in flight) before it could warn about it.
            OnStopping();
            _stopping.Cancel();
        }

        /// <summary>Called on Ctrl+C, on the thread that stops the pipeline (not the pipeline thread).</summary>
        protected virtual void OnStopping()
        {
        }

        /// <summary>Rejects a non-positive -Timeout before any HTTP call.</summary>
        protected static void ValidateTimeout(TimeSpan? timeout)
        {
            if (timeout.HasValue && timeout.Value <= TimeSpan.Zero)
            {
                throw ProviderException.InvalidConfig("Timeout", $"the timeout must be positive, not {timeout.Value}.");
            }
        }

        protected virtual void Begin()
        {
        }

        protected virtual void Process()
        {
        }

        protected virtual void End()
        {
        }

        /// <summary>Runs <paramref name="work"/> on the thread pool and drains its output here until it ends.</summary>
        protected void RunAsync(Func<CancellationToken, Task> work)
        {
            // Bounded: the work may run only a few records ahead of the pipeline, so a downstream
            // Select-Object -First 1 stops it before it asks the provider for the next page.
            var queue = new BlockingCollection<Action>(QueueCapacity);
            _queue = queue;
            Exception? failure = null;
            var task = Task.Run(async () =>
            {
                try
                {
                    await work(_stopping.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failure = ex;
                }
                finally
                {
                    queue.CompleteAdding();
                }
            });

            try
            {
                foreach (var action in queue.GetConsumingEnumerable(_stopping.Token))
                {
                    action();
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch
            {
                // Downstream stopped (Select-Object -First), -ErrorAction Stop, or a terminating error: end the work.
                _stopping.Cancel();
                task.Wait(TimeSpan.FromSeconds(2));
                throw;
            }
            finally
            {
                _queue = null;
            }

            if (failure != null)
            {
                Fail(failure, CurrentTarget);
            }
        }

        /// <summary>
        /// Writes a verbose line; never aborts the command. Hides <see cref="Cmdlet.WriteVerbose"/> so that every
        /// write through a SpuffCmdlet reference (cmdlets, provider log, selection) is safe: see <see cref="SafeWrite"/>.
        /// </summary>
        public new void WriteVerbose(string text) => SafeWrite(() => base.WriteVerbose(text), text, (ui, line) => ui.WriteVerboseLine(line));

        /// <summary>Writes a debug line; never aborts the command (see <see cref="SafeWrite"/>).</summary>
        public new void WriteDebug(string text) => SafeWrite(() => base.WriteDebug(text), text, (ui, line) => ui.WriteDebugLine(line));

        /// <summary>Writes a warning; never aborts the command (see <see cref="SafeWrite"/>).</summary>
        public new void WriteWarning(string text) => SafeWrite(() => base.WriteWarning(text), text, (ui, line) => ui.WriteWarningLine(line));

        /// <summary>
        /// A debug, verbose or warning line must never end the operation. With the preference Inquire (which
        /// -Debug gives on Windows PowerShell and older PowerShell 7) PowerShell prompts for each line, and a host
        /// that cannot prompt (pwsh -NonInteractive, a runbook, a job) throws instead. The line then goes straight
        /// to the host, as Continue would show it, and the work goes on. A user who answers "Halt" at a real
        /// prompt still stops the command (ActionPreferenceStopException passes).
        /// </summary>
        private void SafeWrite(Action write, string text, Action<System.Management.Automation.Host.PSHostUserInterface, string> fallback)
        {
            try
            {
                write();
            }
            catch (Exception error) when (error is System.Management.Automation.Host.HostException || error is PSInvalidOperationException || error is NotImplementedException)
            {
                try
                {
                    var ui = Host?.UI;
                    if (ui != null)
                    {
                        fallback(ui, text);
                    }
                }
                catch (Exception)
                {
                    // No way to show the line at all: dropping it is still better than failing the operation.
                }
            }
        }

        /// <summary>Writes an object from any thread.</summary>
        protected void Emit(object? value) => Post(() => WriteObject(value));

        protected void EmitVerbose(string message) => Post(() => WriteVerbose(message));

        protected void EmitDebug(string message) => Post(() => WriteDebug(message));

        protected void EmitWarning(string message) => Post(() => WriteWarning(message));

        protected void EmitProgress(ProgressRecord record) => Post(() => WriteProgress(record));

        /// <summary>Reports a failure from any thread: terminating kinds stop the command, the others are
        /// written as non-terminating errors so the pipeline goes on.</summary>
        protected void EmitError(Exception error, object? target, ErrorContext context = ErrorContext.Default) =>
            Post(() => Fail(error, target, context));

        /// <summary>Reports a failure from any thread as a non-terminating error whatever its kind (used when one
        /// of several providers fails and the others can still answer).</summary>
        protected void EmitNonTerminatingError(Exception error, object? target, ErrorContext context = ErrorContext.Default) =>
            Post(() => Fail(error, target, context, allowTerminating: false));

        /// <summary>Maps a failure to an ErrorRecord and writes or throws it. Pipeline thread only.</summary>
        protected void Fail(Exception error, object? target, ErrorContext context = ErrorContext.Default, bool allowTerminating = true)
        {
            if (error is PipelineStoppedException)
            {
                throw error;
            }

            if (error is OperationCanceledException && _stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

            var mapped = ErrorMapper.Map(error, target, context, MyInvocation?.MyCommand?.Name);
            if (mapped.IsTerminating && allowTerminating)
            {
                ThrowTerminatingError(mapped.Record);
            }

            WriteError(mapped.Record);
        }

        /// <summary>-Token as given (one token or one per provider); null when it was not passed. A value set
        /// without PowerShell's binding (from C#) is checked here the same way.</summary>
        internal TokenArgument? TokenArgument
        {
            get
            {
                try
                {
                    return Token == null ? null : Internal.TokenArgument.From(Token);
                }
                catch (ArgumentException error)
                {
                    throw ProviderException.InvalidConfig("Token", error.Message);
                }
            }
        }

        /// <summary>Makes a provider for this call from -Token/-ProfileName, the environment or the CLIs' logins,
        /// and says in -Verbose which source it used.</summary>
        protected IProvider CreateProvider(ProviderType type, string? region = null, Func<ProviderTimeouts, ProviderTimeouts>? timeouts = null)
        {
            var tokens = TokenArgument;
            var choice = Credentials.Choose(type, tokens, ProfileName);
            if (choice.Note != null)
            {
                EmitVerbose($"{type.GetName()}: {choice.Note}");
            }

            string? token = null;
            if (type.UsesToken())
            {
                token = choice.Token ?? throw ProviderException.Authentication(
                    type.GetName(),
                    $"no token was found (not in -Token, {string.Join(", ", type.GetTokenEnvironmentVariables().Select(v => "$env:" + v))}, nor the {(type == ProviderType.DigitalOcean ? "doctl" : "hcloud CLI")} configuration).");
            }
            else if (tokens?.Single != null)
            {
                // Handed over so that AWS and Docker can refuse it, saying what they use instead.
                token = choice.Token;
            }

            if (choice.Source != null)
            {
                EmitVerbose($"{type.GetName()}: {(type == ProviderType.Docker ? "engine" : "credentials")} from {choice.Source}.");
            }

            var options = new ProviderOptions
            {
                Token = token,
                ProfileName = ProfileName,
                Region = region,
                Log = new CmdletProviderLog(this),
            };
            options.Timeouts = HttpTimeoutSetting.Apply(options.Timeouts);
            if (timeouts != null)
            {
                options.Timeouts = timeouts(options.Timeouts);
            }

            var provider = ProviderHost.Registry.Create(type, options);
            lock (_created)
            {
                _created.Add(provider);
            }

            return provider;
        }

        /// <summary>Releases the providers this call made (their HTTP handlers are pooled, so this is cheap).</summary>
        public void Dispose()
        {
            lock (_created)
            {
                foreach (var provider in _created)
                {
                    (provider as IDisposable)?.Dispose();
                }

                _created.Clear();
            }

        }

        internal IProvider CreateProviderFor(ProviderType type, string? region) => CreateProvider(type, region);

        /// <summary>Writes a provider's failure as a non-terminating error whatever its kind. Pipeline thread only.</summary>
        internal void WriteProviderError(ProviderException error, object? target) => Fail(error, target, ErrorContext.Default, allowTerminating: false);

        /// <summary>Whether -WhatIf is in force for this call.</summary>
        protected bool IsWhatIf =>
            MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
                ? LanguagePrimitives.IsTrue(whatIf)
                : LanguagePrimitives.IsTrue(SessionState.PSVariable.GetValue("WhatIfPreference"));

        /// <summary>ShouldProcess that -Force skips (unless -WhatIf or an explicit -Confirm asks for it).</summary>
        protected bool ShouldProcessUnlessForced(bool force, string target, string action)
        {
            if (force && !IsWhatIf && !MyInvocation.BoundParameters.ContainsKey("Confirm"))
            {
                return true;
            }

            return ShouldProcess(target, action);
        }

        internal void Post(Action action)
        {
            var queue = _queue;
            if (Environment.CurrentManagedThreadId == _pipelineThreadId)
            {
                action();
                return;
            }

            if (queue == null)
            {
                return;
            }

            try
            {
                queue.Add(action, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the pipeline takes nothing more.
            }
            catch (InvalidOperationException)
            {
                // The work already ended (a late log line after cancellation): nothing left to show it to.
            }
        }

        private void Guard(Action body)
        {
            try
            {
                body();
            }
            catch (PipelineStoppedException)
            {
                throw;
            }
            catch (ProviderException error)
            {
                Fail(error, CurrentTarget);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (Exception error) when (!(error is RuntimeException))
            {
                // PowerShell's own exceptions (terminating errors, -ErrorAction Stop) pass; anything else is mapped.
                Fail(error, CurrentTarget);
            }
        }
    }
}
