namespace Spuff.PowerShell
{
    /// <summary>
    /// The online help of each cmdlet (<c>Get-Help &lt;cmdlet&gt; -Online</c>): its page in the repository's docs.
    /// <see cref="Base"/> is the one place that names the repository; keep it in step with ProjectUri in Spuff.psd1.
    /// </summary>
    public static class HelpUris
    {
        public const string Base = "https://github.com/avelino/spuff/blob/main/docs/Spuff/";

        public const string GetSpuffInstance = Base + "Get-SpuffInstance.md";
        public const string GetSpuffProvider = Base + "Get-SpuffProvider.md";
        public const string GetSpuffSnapshot = Base + "Get-SpuffSnapshot.md";
        public const string NewSpuffInstance = Base + "New-SpuffInstance.md";
        public const string NewSpuffSnapshot = Base + "New-SpuffSnapshot.md";
        public const string RemoveSpuffInstance = Base + "Remove-SpuffInstance.md";
        public const string RemoveSpuffSnapshot = Base + "Remove-SpuffSnapshot.md";
        public const string WaitSpuffInstance = Base + "Wait-SpuffInstance.md";
        public const string InvokeSpuffCommand = Base + "Invoke-SpuffCommand.md";
        public const string ConnectSpuffInstance = Base + "Connect-SpuffInstance.md";
    }
}
