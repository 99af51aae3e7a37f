using System;
using System.Globalization;
using System.Text;

namespace Spuff.Core
{
    /// <summary>
    /// The cloud-init snippet of New-SpuffInstance -IdleShutdown: a boot script that installs a small systemd service
    /// which powers the machine off once no SSH connection has been open for the given time (checked every minute
    /// with <c>ss</c>; any established connection to sshd counts, interactive or not).
    /// Merged with the user's user data by one rule: no user data → the script alone; a script or #cloud-config →
    /// a MIME multipart with the user's part first and Spuff's second (cloud-init runs both); user data that is
    /// already multipart → InvalidConfig (merge it yourself).
    /// </summary>
    public static class IdleShutdown
    {
        public const string Boundary = "==SPUFF-IDLE-SHUTDOWN==";

        public static string Script(TimeSpan idle)
        {
            var seconds = ((long)Math.Ceiling(idle.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return "#!/bin/sh\n" +
                "# Spuff -IdleShutdown: power off after " + seconds + " s without an SSH connection.\n" +
                "cat > /usr/local/sbin/spuff-idle-shutdown <<'SPUFF'\n" +
                "#!/bin/sh\n" +
                "limit=" + seconds + "; idle=0\n" +
                "while sleep 60; do\n" +
                "  if [ -n \"$(ss -Htn state established '( sport = :22 )' 2>/dev/null)\" ]; then idle=0; else idle=$((idle + 60)); fi\n" +
                "  if [ \"$idle\" -ge \"$limit\" ]; then logger -t spuff 'idle shutdown: no SSH connection for '\"$limit\"' s'; systemctl poweroff || poweroff; fi\n" +
                "done\n" +
                "SPUFF\n" +
                "chmod 755 /usr/local/sbin/spuff-idle-shutdown\n" +
                "cat > /etc/systemd/system/spuff-idle-shutdown.service <<'SPUFF'\n" +
                "[Unit]\nDescription=Spuff idle shutdown\nAfter=network-online.target\n\n" +
                "[Service]\nExecStart=/usr/local/sbin/spuff-idle-shutdown\nRestart=always\n\n" +
                "[Install]\nWantedBy=multi-user.target\n" +
                "SPUFF\n" +
                "systemctl daemon-reload && systemctl enable --now spuff-idle-shutdown.service\n";
        }

        /// <summary>The user data to send: <paramref name="userData"/> with the idle-shutdown script merged in.</summary>
        public static string Merge(string? userData, TimeSpan idle)
        {
            if (idle < TimeSpan.FromMinutes(1))
            {
                throw ProviderException.InvalidConfig("IdleShutdown", $"{idle} is too short; the machine checks once a minute, so use at least '1m' (e.g. '30m').");
            }

            var script = Script(idle);
            if (string.IsNullOrWhiteSpace(userData))
            {
                return script;
            }

            var text = userData!.Replace("\r\n", "\n");
            var head = text.TrimStart();
            if (head.StartsWith("Content-Type: multipart", StringComparison.OrdinalIgnoreCase) || head.StartsWith("MIME-Version", StringComparison.OrdinalIgnoreCase))
            {
                throw ProviderException.InvalidConfig("IdleShutdown", "the user data is already a MIME multipart; add the idle-shutdown part yourself (docs/expiry.md) or leave out -IdleShutdown.");
            }

            var userType = head.StartsWith("#cloud-config", StringComparison.Ordinal) ? "text/cloud-config"
                : head.StartsWith("#!", StringComparison.Ordinal) ? "text/x-shellscript"
                : head.StartsWith("#include", StringComparison.Ordinal) ? "text/x-include-url"
                : head.StartsWith("#cloud-boothook", StringComparison.Ordinal) ? "text/cloud-boothook"
                : throw ProviderException.InvalidConfig("IdleShutdown", "cloud-init cannot tell what the user data is (it starts with neither '#!' nor '#cloud-config'), so Spuff cannot merge the idle-shutdown part into it.");
            var mime = new StringBuilder();
            mime.Append("Content-Type: multipart/mixed; boundary=\"").Append(Boundary).Append("\"\nMIME-Version: 1.0\n\n");
            AppendPart(mime, userType, text);
            AppendPart(mime, "text/x-shellscript", script);
            mime.Append("--").Append(Boundary).Append("--\n");
            return mime.ToString();
        }

        private static void AppendPart(StringBuilder mime, string type, string content)
        {
            mime.Append("--").Append(Boundary).Append('\n');
            mime.Append("Content-Type: ").Append(type).Append("; charset=\"utf-8\"\nMIME-Version: 1.0\n\n");
            mime.Append(content);
            if (!content.EndsWith("\n", StringComparison.Ordinal))
            {
                mime.Append('\n');
            }
        }
    }
}
