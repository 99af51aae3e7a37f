using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>What a waiter's predicate says about one probe: keep polling, done, or failed for good.</summary>
    public readonly struct WaitDecision
    {
        private WaitDecision(bool done, string status, ProviderException? failure, int? percent = null)
        {
            IsDone = done;
            Status = status;
            Failure = failure;
            Percent = percent;
        }

        public bool IsDone { get; }

        /// <summary>The state in words, for progress and the timeout message.</summary>
        public string Status { get; }

        public ProviderException? Failure { get; }

        /// <summary>0-100 when the provider reports how far the operation is (Hetzner action progress); else null,
        /// and the progress bar shows the activity without a percentage.</summary>
        public int? Percent { get; }

        public static WaitDecision Continue(string status, int? percent = null) => new WaitDecision(false, status, null, percent);

        public static WaitDecision Done(string status = "done") => new WaitDecision(true, status, null);

        public static WaitDecision Fail(ProviderException failure) => new WaitDecision(false, failure.Message, failure);
    }
}
