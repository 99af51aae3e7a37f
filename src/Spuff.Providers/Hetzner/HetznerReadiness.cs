using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers.Http;
using Spuff.Providers.Waiting;

namespace Spuff.Providers.Hetzner
{
    /// <summary>
    /// How Hetzner answers the shared readiness rules: a batch is polled with one label-selector list over the
    /// per-create marks (<c>spuff-request in (a,b,c)</c>, 50 marks a page), and a server that is <c>off</c> is
    /// judged by its recent actions: a failed create or start (<c>unknown_error</c>) ends the wait with the
    /// action's code and message, and an <c>off</c> server that nothing is starting will never be ready by itself.
    /// </summary>
    internal sealed class HetznerReadiness
    {
        private const int MarksPerQuery = HetznerProvider.PageSize;
        private const int RecentActions = 10;

        private readonly HetznerProvider _provider;
        private readonly ProviderHttpClient _http;

        public HetznerReadiness(HetznerProvider provider, ProviderHttpClient http, HttpPipelineSettings settings)
        {
            _provider = provider;
            _http = http;
            Rules = new ReadinessRules(provider.Name, settings.TimeProvider)
            {
                Pacer = provider.Pace,
                CannotBecomeReady = CannotBecomeReadyAsync,
            };
        }

        public ReadinessRules Rules { get; }

        public async Task<BatchPoll> PollAsync(IReadOnlyList<WaitTarget> pending, bool batch, CancellationToken cancellationToken)
        {
            var poll = new BatchPoll();
            var marked = !batch
                ? new List<(WaitTarget Target, string Mark)>()
                : pending.Select(t => (Target: t, Mark: HetznerLabels.RequestMark(t.Known?.Labels))).Where(m => m.Mark != null).Select(m => (m.Target, Mark: m.Mark!)).ToList();
            var byId = new HashSet<string>(pending.Select(t => t.Id), StringComparer.Ordinal);
            foreach (var chunk in Chunk(marked, MarksPerQuery))
            {
                var selector = $"{HetznerLabels.ManagedSelector},{HetznerLabels.RequestMarkKey} in ({string.Join(",", chunk.Select(c => c.Mark))})";
                string? page = "1";
                while (page != null)
                {
                    poll.Requests++;
                    var list = await _http.GetAsync<HetznerServerList>(
                        $"servers?label_selector={Uri.EscapeDataString(selector)}&page={page}&per_page={HetznerProvider.PageSize}", cancellationToken).ConfigureAwait(false);
                    foreach (var server in list.Servers)
                    {
                        var instance = _provider.ToInstance(server);
                        if (byId.Contains(instance.Id))
                        {
                            poll.Found[instance.Id] = instance;
                        }
                    }

                    page = list.Meta?.Pagination?.NextPage?.ToString(CultureInfo.InvariantCulture);
                }
            }

            // Unmarked servers (made before the mark, or only known by id), and marked ones the list did not show:
            // a GET each, so "not found" means what a GET says, never that a label listing lagged.
            await BatchPolls.GetEachAsync(_provider.GetInstanceAsync, pending.Where(t => !poll.Found.ContainsKey(t.Id)), poll, cancellationToken).ConfigureAwait(false);
            return poll;
        }

        private async Task<ProviderException?> CannotBecomeReadyAsync(ProviderInstance instance, CancellationToken cancellationToken)
        {
            if (!string.Equals(instance.GetStatus().Raw, "off", StringComparison.Ordinal))
            {
                return null;
            }

            // One request, only for a server that is off: its newest actions say whether anything is starting it.
            var actions = await _http.GetAsync<HetznerActionList>(
                $"servers/{Uri.EscapeDataString(instance.Id)}/actions?sort=id:desc&per_page={RecentActions}", cancellationToken).ConfigureAwait(false);
            if (actions.Actions.Any(a => a.Status == "running"))
            {
                return null;
            }

            var failed = actions.Actions.OrderByDescending(a => a.Id).FirstOrDefault(a => a.Status == "error");
            var newest = actions.Actions.OrderByDescending(a => a.Id).FirstOrDefault();
            if (failed != null && newest == failed)
            {
                var code = failed.Error?.Code ?? "action_failed";
                return new ProviderException(
                    ProviderErrorKind.Api,
                    $"Hetzner could not start server {instance}: its {failed.Command ?? "create"} action {failed.Id.ToString(CultureInfo.InvariantCulture)} failed with {code}: " +
                    $"{failed.Error?.Message ?? "no message"}. The server stays off and will not become ready; remove it (Remove-SpuffInstance) and create it again.")
                {
                    ErrorCode = code,
                    Operation = failed.Command,
                };
            }

            return new ProviderException(
                ProviderErrorKind.Other,
                $"Server {instance} is off and no action is starting it, so it will not become ready by itself. " +
                $"Start it with `hcloud server poweron {instance.Id}`, or remove it (Remove-SpuffInstance).")
            {
                ErrorCode = "off",
            };
        }

        private static IEnumerable<List<T>> Chunk<T>(List<T> items, int size)
        {
            for (var i = 0; i < items.Count; i += size)
            {
                yield return items.GetRange(i, Math.Min(size, items.Count - i));
            }
        }
    }
}
