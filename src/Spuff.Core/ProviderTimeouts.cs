using System;

namespace Spuff.Core
{
    /// <summary>How long provider operations may take. Immutable; use the With* methods to vary one value.</summary>
    public sealed class ProviderTimeouts
    {
        public ProviderTimeouts(
            TimeSpan? instanceReady = null,
            TimeSpan? actionComplete = null,
            TimeSpan? pollInterval = null,
            TimeSpan? httpRequest = null,
            TimeSpan? sshConnect = null,
            TimeSpan? cloudInit = null,
            TimeSpan? createVisibility = null)
        {
            InstanceReady = instanceReady ?? TimeSpan.FromSeconds(300);
            ActionComplete = actionComplete ?? TimeSpan.FromSeconds(600);
            PollInterval = pollInterval ?? TimeSpan.FromSeconds(5);
            HttpRequest = httpRequest ?? TimeSpan.FromSeconds(30);
            SshConnect = sshConnect ?? TimeSpan.FromSeconds(300);
            CloudInit = cloudInit ?? TimeSpan.FromSeconds(600);
            CreateVisibility = createVisibility ?? TimeSpan.FromSeconds(40);
        }

        /// <summary>300 s ready, 600 s action, 5 s poll, 30 s HTTP, 300 s SSH, 600 s cloud-init.</summary>
        public static ProviderTimeouts Default { get; } = new ProviderTimeouts();

        public TimeSpan InstanceReady { get; }

        public TimeSpan ActionComplete { get; }

        /// <summary>The longest pause between two polls; waiters start sooner and back off up to it.</summary>
        public TimeSpan PollInterval { get; }

        public TimeSpan HttpRequest { get; }

        public TimeSpan SshConnect { get; }

        public TimeSpan CloudInit { get; }

        /// <summary>
        /// How long a create whose answer was lost looks for the instance it may have made (40 s by default): lists
        /// and GETs of DigitalOcean, Hetzner and EC2 can miss a new instance for a few seconds.
        /// </summary>
        public TimeSpan CreateVisibility { get; }

        /// <summary>How many polls fit in <paramref name="operationTimeout"/> at the poll interval (at least 1).</summary>
        public int MaxAttempts(TimeSpan operationTimeout)
        {
            // A zero poll interval would divide by zero: count it as one second, like the original.
            var pollSeconds = Math.Max(1L, (long)PollInterval.TotalSeconds);
            var attempts = (long)operationTimeout.TotalSeconds / pollSeconds;
            return (int)Math.Max(1L, Math.Min(int.MaxValue, attempts));
        }

        public int InstanceReadyAttempts() => MaxAttempts(InstanceReady);

        public int ActionCompleteAttempts() => MaxAttempts(ActionComplete);

        public ProviderTimeouts WithInstanceReady(TimeSpan value) =>
            new ProviderTimeouts(value, ActionComplete, PollInterval, HttpRequest, SshConnect, CloudInit, CreateVisibility);

        public ProviderTimeouts WithActionComplete(TimeSpan value) =>
            new ProviderTimeouts(InstanceReady, value, PollInterval, HttpRequest, SshConnect, CloudInit, CreateVisibility);

        public ProviderTimeouts WithPollInterval(TimeSpan value) =>
            new ProviderTimeouts(InstanceReady, ActionComplete, value, HttpRequest, SshConnect, CloudInit, CreateVisibility);

        public ProviderTimeouts WithHttpRequest(TimeSpan value) =>
            new ProviderTimeouts(InstanceReady, ActionComplete, PollInterval, value, SshConnect, CloudInit, CreateVisibility);

        public ProviderTimeouts WithCreateVisibility(TimeSpan value) =>
            new ProviderTimeouts(InstanceReady, ActionComplete, PollInterval, HttpRequest, SshConnect, CloudInit, value);
    }
}
