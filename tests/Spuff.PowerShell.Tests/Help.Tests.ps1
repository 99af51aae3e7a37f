BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    $commands = foreach ($command in Get-Command -Module Spuff -CommandType Cmdlet) {
        @{
            Name       = $command.Name
            Parameters = @($command.Parameters.Keys | Where-Object { $_ -notin $common } | ForEach-Object { @{ Command = $command.Name; Parameter = $_ } })
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

Describe 'Help of <Name>' -ForEach $commands {
    BeforeAll {
        $help = Get-Help $Name -Full
    }

    It 'has a synopsis and a description of its own' {
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match "^\s*$Name\s"
        ($help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
    }

    It 'has at least two examples with code and remarks' {
        $examples = @($help.examples.example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) {
            $example.code | Should -Not -BeNullOrEmpty
            ($example.remarks.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
        }
    }

    It 'documents -<Parameter>' -ForEach $Parameters {
        $parameterHelp = Get-Help $Command -Parameter $Parameter
        ($parameterHelp.description.Text -join ' ').Trim() | Should -Not -BeNullOrEmpty
    }

    It 'documents -<Parameter> with the metadata the cmdlet really has' -ForEach $Parameters {
        $parameterHelp = Get-Help $Command -Parameter $Parameter
        $metadata = (Get-Command $Command).Parameters[$Parameter]
        $sets = $metadata.ParameterSets.Values
        $parameterHelp.required | Should -Be ([string] [bool] ($sets | Where-Object IsMandatory)).ToLowerInvariant()
        $positions = @($sets | ForEach-Object { if ($_.Position -ge 0) { [string] $_.Position } else { 'named' } } | Sort-Object -Unique)
        $positions | Should -Contain $parameterHelp.position.ToLowerInvariant()
        $byValue = [bool] ($sets | Where-Object ValueFromPipeline)
        $byName = [bool] ($sets | Where-Object ValueFromPipelineByPropertyName)
        $parameterHelp.pipelineInput -match 'ByValue' | Should -Be $byValue
        $parameterHelp.pipelineInput -match 'ByPropertyName' | Should -Be $byName
    }

    It 'documents only parameters that exist' {
        $documented = @($help.parameters.parameter.name)
        $actual = (Get-Command $Name).Parameters.Keys
        $documented | Where-Object { $_ -notin $actual } | Should -BeNullOrEmpty
    }

    It 'names its inputs and outputs' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterThan 0
        @($help.returnValues.returnValue).Count | Should -BeGreaterThan 0
    }
}

Describe 'about_Spuff' {
    It 'is installed as a help topic' {
        $text = Get-Help about_Spuff | Out-String
        $text | Should -Match 'SHORT DESCRIPTION'
        $text | Should -Match 'ProviderAuthenticationFailed'
    }
}

Describe 'Convert-HelpMarkdown' {
    BeforeAll {
        $converter = Join-Path $script:RepoRoot 'tools/Convert-HelpMarkdown.ps1'
        function New-Page([string] $Examples) {
            @"
# Get-Thing

## SYNOPSIS
Gets a thing.

## SYNTAX

### Default (Default)
``````
Get-Thing [-Name] <String> [<CommonParameters>]
``````

## DESCRIPTION
Gets a thing by name.

## EXAMPLES
$Examples

## PARAMETERS

### -Name
The name of the thing.

``````yaml
Type: String
Parameter Sets: (All)
Aliases:

Required: True
Position: 0
Default value: None
Accept pipeline input: False
Accept wildcard characters: True
``````

## INPUTS

### None
Nothing.

## OUTPUTS

### System.String
The thing.

## NOTES

## RELATED LINKS
"@
        }
    }

    It 'turns a PlatyPS page into MAML that Get-Help reads' {
        $source = Join-Path $TestDrive 'good'
        $null = New-Item -ItemType Directory -Force -Path $source
        Set-Content -LiteralPath (Join-Path $source 'Get-Thing.md') -Value (New-Page "### Example 1`n``````powershell`nGet-Thing -Name a`n```````n`nGets a.`n")
        Set-Content -LiteralPath (Join-Path $source 'about_Thing.md') -Value "# about_Thing`n`n## SHORT DESCRIPTION`nThings.`n`n## LONG DESCRIPTION`nMore about things."
        $null = & $converter -Path $source -OutputPath (Join-Path $TestDrive 'out') -HelpFileName 'Thing-Help.xml'
        [xml] $maml = Get-Content -Raw -LiteralPath (Join-Path $TestDrive 'out/Thing-Help.xml')
        $ns = @{ command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; maml = 'http://schemas.microsoft.com/maml/2004/10'; dev = 'http://schemas.microsoft.com/maml/dev/2004/10' }
        (Select-Xml -Xml $maml -XPath '//command:details/command:name' -Namespace $ns).Node.InnerText | Should -Be 'Get-Thing'
        $parameter = (Select-Xml -Xml $maml -XPath '//command:parameters/command:parameter' -Namespace $ns).Node
        $parameter.required | Should -Be 'true'
        $parameter.globbing | Should -Be 'true'
        $parameter.position | Should -Be '0'
        (Select-Xml -Xml $maml -XPath '//command:example/dev:code' -Namespace $ns).Node.InnerText | Should -Be 'Get-Thing -Name a'
        Get-Content -Raw -LiteralPath (Join-Path $TestDrive 'out/about_Thing.help.txt') | Should -Match '(?s)TOPIC\s+about_Thing.*SHORT DESCRIPTION\s+Things\.'
    }

    It 'writes switches without a value, as Get-Help shows them' {
        (Get-Help Remove-SpuffInstance | Out-String -Width 400) | Should -Match '\[-Force\] \[-PassThru\]'
    }

    It 'fails on a page without examples instead of shipping empty help' {
        $source = Join-Path $TestDrive 'bad'
        $null = New-Item -ItemType Directory -Force -Path $source
        Set-Content -LiteralPath (Join-Path $source 'Get-Thing.md') -Value ((New-Page '') -replace '## EXAMPLES', '## EXAMPLE')
        { & $converter -Path $source -OutputPath (Join-Path $TestDrive 'out-bad') } | Should -Throw '*EXAMPLES*'
    }

    It 'fails on a parameter without its metadata block' {
        $source = Join-Path $TestDrive 'nometa'
        $null = New-Item -ItemType Directory -Force -Path $source
        $page = (New-Page "### Example 1`n``````powershell`nGet-Thing a`n``````") -replace '(?s)```yaml.*?```', ''
        Set-Content -LiteralPath (Join-Path $source 'Get-Thing.md') -Value $page
        { & $converter -Path $source -OutputPath (Join-Path $TestDrive 'out-nometa') } | Should -Throw '*metadata*'
    }
}
