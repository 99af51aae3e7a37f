using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Spuff.PowerShell
{
    /// <summary>
    /// The program and arguments Connect-SpuffInstance starts: OpenSSH's ssh for cloud instances (so
    /// ~/.ssh/config, the agent and the user's keys apply) with Spuff's known-hosts file checked strictly, or
    /// `docker exec` for containers. A pure function of its inputs, so it is tested without starting anything.
    /// </summary>
    public sealed class ConnectCommandLine
    {
        public ConnectCommandLine(string fileName, IReadOnlyList<string> arguments)
        {
            FileName = fileName;
            Arguments = arguments;
        }

        public string FileName { get; }

        public IReadOnlyList<string> Arguments { get; }

        /// <summary>The arguments as one string, quoted the way .NET and the Windows C runtime split them again.</summary>
        public string ArgumentString => string.Join(" ", Arguments.Select(Quote));

        /// <summary>ssh -p PORT -l USER [-i KEY] -o UserKnownHostsFile=F -o StrictHostKeyChecking=yes -o HostKeyAlias=A
        /// -o CheckHostIP=no [-t] ADDRESS [COMMAND].</summary>
        public static ConnectCommandLine ForSsh(string address, int port, string user, string? identityFile, string knownHostsFile, string hostKeyAlias, string? command)
        {
            var arguments = new List<string> { "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", user };
            if (!string.IsNullOrEmpty(identityFile))
            {
                arguments.Add("-i");
                arguments.Add(identityFile!);
            }

            arguments.AddRange(new[]
            {
                "-o", "UserKnownHostsFile=" + knownHostsFile,
                "-o", "StrictHostKeyChecking=yes",
                "-o", "HostKeyAlias=" + hostKeyAlias,
                "-o", "CheckHostIP=no",
            });
            if (string.IsNullOrEmpty(command))
            {
                arguments.Add("-t");
                arguments.Add(address);
            }
            else
            {
                arguments.Add("-T");
                arguments.Add(address);
                arguments.Add("--");
                arguments.Add(command!);
            }

            return new ConnectCommandLine("ssh", arguments);
        }

        /// <summary>docker -H ENDPOINT exec -it [-u USER] ID (a login shell), or docker exec -i ID /bin/sh -c COMMAND.</summary>
        public static ConnectCommandLine ForDocker(string endpoint, string containerId, string? user, string? command)
        {
            var arguments = new List<string> { "-H", endpoint, "exec" };
            arguments.Add(string.IsNullOrEmpty(command) ? "-it" : "-i");
            if (!string.IsNullOrEmpty(user))
            {
                arguments.Add("-u");
                arguments.Add(user!);
            }

            arguments.Add(containerId);
            arguments.Add("/bin/sh");
            arguments.Add("-c");
            arguments.Add(string.IsNullOrEmpty(command) ? "if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi" : command!);
            return new ConnectCommandLine("docker", arguments);
        }

        public override string ToString() => FileName + " " + ArgumentString;

        private static string Quote(string argument)
        {
            if (argument.Length > 0 && argument.IndexOfAny(new[] { ' ', '\t', '\n', '\v', '"' }) < 0)
            {
                return argument;
            }

            var quoted = new StringBuilder("\"");
            var backslashes = 0;
            foreach (var c in argument)
            {
                if (c == '\\')
                {
                    backslashes++;
                    continue;
                }

                if (c == '"')
                {
                    quoted.Append('\\', (backslashes * 2) + 1);
                }
                else
                {
                    quoted.Append('\\', backslashes);
                }

                backslashes = 0;
                quoted.Append(c);
            }

            quoted.Append('\\', backslashes * 2);
            quoted.Append('"');
            return quoted.ToString();
        }
    }
}
