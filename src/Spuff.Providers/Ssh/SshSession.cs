using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Renci.SshNet;
using Renci.SshNet.Common;
using Spuff.Core;

namespace Spuff.Providers.Ssh
{
    /// <summary>
    /// One logged-in SSH connection to one instance (SSH.NET), on which commands run one after another. The host
    /// key is checked against Spuff's known-hosts file during the key exchange, before any credential is sent.
    /// </summary>
    public sealed class SshSession : IRemoteShell
    {
        private readonly SshClient _client;
        private readonly ProviderInstance _instance;
        private readonly IProviderLog? _log;

        private SshSession(SshClient client, ProviderInstance instance, string user, string endpoint, IProviderLog? log)
        {
            _client = client;
            _instance = instance;
            User = user;
            Endpoint = endpoint;
            _log = log;
        }

        public string User { get; }

        /// <summary>address:port, for messages.</summary>
        public string Endpoint { get; }

        /// <summary>Connects and logs in once; throws ProviderException (see <see cref="SshErrors"/>).</summary>
        public static async Task<SshSession> OpenAsync(ProviderInstance instance, RemoteAccess access, IProviderLog? log, CancellationToken cancellationToken, bool hostKeyOnly = false)
        {
            var address = instance.GetIPAddress();
            if (!ProviderInstance.HasUsableAddress(address))
            {
                throw ProviderException.InvalidConfig("InputObject", $"instance {instance} has no IP address to connect to yet; wait until it is ready (Wait-SpuffInstance).");
            }

            if (access.Port < 1 || access.Port > 65535)
            {
                throw ProviderException.InvalidConfig("SshPort", $"{access.Port} is not a TCP port (1-65535).");
            }

            var user = string.IsNullOrWhiteSpace(access.User) ? LoginUser.For(instance) : access.User!;
            AuthenticationMethod method = hostKeyOnly
                ? new NoneAuthenticationMethod(user)
                : new PrivateKeyAuthenticationMethod(user, SshKeys.Load(access.IdentityFiles, log).ToArray());
            var host = address!.ToString();
            var endpoint = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]:{access.Port}" : $"{host}:{access.Port}";
            var store = new KnownHostsStore(access.KnownHostsFile);
            var alias = KnownHostsStore.Alias(instance.Provider, instance.Id, host, access.Port);
            var info = new ConnectionInfo(host, access.Port, user, method)
            {
                Timeout = access.ConnectTimeout,
            };

            var client = new SshClient(info);
            ProviderException? refused = null;
            client.HostKeyReceived += (sender, e) =>
            {
                var verdict = store.Verify(alias, e.HostKeyName, e.HostKey);
                if (verdict == HostKeyVerdict.Changed)
                {
                    refused = SshErrors.KeyChanged(instance, endpoint, e.HostKeyName, "SHA256:" + e.FingerPrintSHA256, store.Path);
                    e.CanTrust = false;
                    return;
                }

                if (verdict == HostKeyVerdict.Learnt)
                {
                    log?.Write(ProviderLogLevel.Verbose, $"ssh: learnt the host key of {instance} at {endpoint} ({e.HostKeyName} SHA256:{e.FingerPrintSHA256}) into {store.Path}.");
                }

                e.CanTrust = true;
            };

            var watch = Stopwatch.StartNew();
            try
            {
                log?.Write(ProviderLogLevel.Debug, $"ssh: connecting to {user}@{endpoint} ({instance}).");
                using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    attempt.CancelAfter(access.ConnectTimeout);
                    try
                    {
                        await client.ConnectAsync(attempt.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new SshOperationTimeoutException($"no SSH session within {access.ConnectTimeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s");
                    }
                }

                log?.Write(ProviderLogLevel.Verbose, $"ssh: logged in as {user} to {instance} at {endpoint} ({watch.ElapsedMilliseconds} ms).");
                return new SshSession(client, instance, user, endpoint, log);
            }
            catch (Exception e)
            {
                client.Dispose();
                if (refused != null)
                {
                    throw refused;
                }

                if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                throw SshErrors.FromConnect(e, instance, user, endpoint, watch.Elapsed);
            }
        }

        public async Task<CommandResult> RunAsync(string command, TimeSpan? timeout, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            using (var ssh = _client.CreateCommand(command))
            {
                if (timeout.HasValue)
                {
                    ssh.CommandTimeout = timeout.Value;
                }

                try
                {
                    await ssh.ExecuteAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (SshOperationTimeoutException)
                {
                    var error = ProviderException.Timeout($"command on instance {_instance} at {Endpoint}", watch.Elapsed);
                    error.Provider = _instance.Provider;
                    error.ResourceId = _instance.Id;
                    throw error;
                }
                catch (Exception e) when (e is SshException || e is System.Net.Sockets.SocketException || e is ObjectDisposedException || e is InvalidOperationException)
                {
                    var error = ProviderException.Network($"the SSH connection to instance {_instance} at {Endpoint} broke while the command ran: {e.Message}", e);
                    error.Provider = _instance.Provider;
                    error.ResourceId = _instance.Id;
                    error.ErrorCode = SshErrors.ConnectionFailed;
                    throw error;
                }

                _log?.Write(ProviderLogLevel.Debug, $"ssh: {User}@{Endpoint} exited {ssh.ExitStatus?.ToString(CultureInfo.InvariantCulture) ?? "without status"} after {watch.ElapsedMilliseconds} ms.");
                return new CommandResult(_instance, command, ssh.ExitStatus ?? -1, ssh.Result, ssh.Error, watch.Elapsed);
            }
        }

        public void Dispose()
        {
            try
            {
                if (_client.IsConnected)
                {
                    _client.Disconnect();
                }
            }
            catch (Exception)
            {
                // Closing a connection that already broke: nothing left to release but the client.
            }

            _client.Dispose();
        }
    }
}
