using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>
    /// Waits until a TCP port of a ready instance accepts connections. "Active" from the API comes well before
    /// sshd listens (doctl#1003); this closes that gap.
    /// </summary>
    public static class PortWaiter
    {
        public static async Task<ProviderInstance> WaitForPortAsync(
            ProviderInstance instance,
            int port,
            ProviderTimeouts timeouts,
            IProgress<OperationProgress>? progress = null,
            CancellationToken cancellationToken = default)
        {
            if (port < 1 || port > 65535)
            {
                throw ProviderException.InvalidConfig("SshPort", $"{port} is not a TCP port (1-65535).");
            }

            var address = instance.GetIPAddress();
            if (!ProviderInstance.HasUsableAddress(address))
            {
                throw ProviderException.InvalidConfig("InputObject", $"instance {instance} has no IP address to connect to yet; wait until it is ready first.");
            }

            var options = new WaitOptions($"wait for port {port} of instance {instance.Id} ({address}) to accept connections", timeouts.SshConnect, timeouts.PollInterval)
            {
                Activity = $"Waiting for port {port} of {instance}",
                TargetId = instance.Id,
            };
            var attemptTimeout = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(200).Ticks, Math.Min(TimeSpan.FromSeconds(3).Ticks, timeouts.PollInterval.Ticks)));
            await Waiter.WaitAsync(
                ct => TryConnectAsync(address!, port, attemptTimeout, ct),
                answer => answer == null ? WaitDecision.Done($"port {port} open") : WaitDecision.Continue(answer),
                options,
                progress,
                cancellationToken).ConfigureAwait(false);
            return instance;
        }

        // Null when the port accepted a connection; otherwise why not, for progress and the timeout message.
        private static async Task<string?> TryConnectAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken)
        {
            using (var client = new TcpClient(address.AddressFamily))
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(timeout);
                var connect = client.ConnectAsync(address, port);
                var finished = await Task.WhenAny(connect, Task.Delay(Timeout.Infinite, attempt.Token)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (finished != connect)
                {
                    _ = connect.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                    return $"port {port} did not answer within {timeout.TotalSeconds:0.#} s";
                }

                try
                {
                    await connect.ConfigureAwait(false);
                    return null;
                }
                catch (SocketException ex)
                {
                    return $"port {port}: {ex.SocketErrorCode}";
                }
            }
        }
    }
}
