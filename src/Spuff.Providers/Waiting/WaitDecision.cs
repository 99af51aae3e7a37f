using Spuff.Core;

namespace Spuff.Providers.Waiting
{
    /// <summary>What a waiter's predicate says about one probe: keep polling, done, or failed for good.</summary>
    public readonly struct WaitDecision
    {
        private WaitDecision(bool done, string status, ProviderException? failure)
        {
            IsDone = done;
            Status = status;
            Failure = failure;
        }

        public bool IsDone { get; }

        /// <summary>The state in words, for progress and the timeout message.</summary>
        public string Status { get; }

        public ProviderException? Failure { get; }

        public static WaitDecision Continue(string status) => new WaitDecision(false, status, null);

        public static WaitDecision Done(string status = "done") => new WaitDecision(true, status, null);

        public static WaitDecision Fail(ProviderException failure) => new WaitDecision(false, failure.Message, failure);
    }
}
