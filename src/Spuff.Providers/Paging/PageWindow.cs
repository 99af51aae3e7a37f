using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Spuff.Core;
using Spuff.Providers.Http;

namespace Spuff.Providers.Paging
{
    /// <summary>
    /// The pages of one pass that are requested and not yet handed out, at most <see cref="PagingOptions.MaxInFlight"/>
    /// of them (one while the rate budget is low). Pages are launched in order and taken in order, so objects stream in
    /// page order whatever order the answers arrive in. Closing cancels and awaits whatever is still in flight: no
    /// request outlives the listing.
    /// </summary>
    internal sealed class PageWindow<TItem>
    {
        private readonly NumberedListing<TItem> _listing;
        private readonly PagingOptions _options;
        private readonly RequestCounter _requests;
        private readonly CancellationTokenSource _cancel;
        private readonly Dictionary<int, Task<NumberedPage<TItem>>> _launched = new Dictionary<int, Task<NumberedPage<TItem>>>();
        private int _nextToLaunch = 1;

        public PageWindow(NumberedListing<TItem> listing, PagingOptions options, RequestCounter requests, CancellationToken cancellationToken)
        {
            _listing = listing;
            _options = options;
            _requests = requests;
            _cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        /// <summary>The last page this pass will request; pages after it are never launched.</summary>
        public int LastPage { get; set; } = 1;

        /// <summary>
        /// Launches pages after <paramref name="current"/> (the page being handed out, which holds a slot) while the
        /// window has room: <c>launched - current + 1 &lt; bound</c>.
        /// </summary>
        public void Fill(int current)
        {
            var bound = Bound();
            while (_nextToLaunch <= LastPage && _nextToLaunch - current < bound)
            {
                Launch(_nextToLaunch);
            }
        }

        /// <summary>Page <paramref name="page"/> as it arrives (launching it if it is not yet, and pages before it never are).</summary>
        public Task<NumberedPage<TItem>> TakeAsync(int page)
        {
            while (_nextToLaunch <= page)
            {
                Launch(_nextToLaunch);
            }

            var task = _launched[page];
            _launched.Remove(page);
            return task;
        }

        /// <summary>Cancels the pages still in flight and waits until they have ended (their outcome is dropped).</summary>
        public async Task CloseAsync()
        {
            if (_launched.Count > 0)
            {
                _cancel.Cancel();
                foreach (var pending in _launched.Values)
                {
                    try
                    {
                        await pending.ConfigureAwait(false);
                    }
                    catch (Exception)
                    {
                        // Cancelled or failed after the listing stopped wanting it: nobody needs this page.
                    }
                }

                _launched.Clear();
            }

            _cancel.Dispose();
        }

        private int Bound()
        {
            var bound = Math.Max(1, _options.MaxInFlight);
            return bound > 1 && IsLow(_options.Budget) ? 1 : bound;
        }

        // The same test RateLimitTracker.Pace uses: known, below the low-water mark, and not yet reset.
        internal static bool IsLow(RateLimitTracker? budget)
        {
            if (budget == null)
            {
                return false;
            }

            var limit = budget.Limit;
            var remaining = budget.Remaining;
            var reset = budget.Reset;
            return limit > 0 && remaining != null && remaining <= limit * budget.LowWaterMark && (reset == null || reset > DateTimeOffset.UtcNow);
        }

        private void Launch(int page)
        {
            _requests.Add(_listing.Description);
            _launched[page] = _listing.FetchPage(page, _cancel.Token);
            _nextToLaunch = page + 1;
        }
    }
}
